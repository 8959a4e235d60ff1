// The map as tables (nodes and arcs): the keyboard and screen-reader way to the same statistics and filters.
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ProcessMap } from "../../api";
import { formatNumber } from "../../i18n/format";
import { overlayText } from "./elements";
import type { Selection } from "./SidePanel";

interface Row {
  id: string;
  name: ReactNode;
  frequency: number;
  cases: number;
  value: number | null;
  select: Selection;
  testId?: string;
}

export function MapTable({ map, onSelect }: { map: ProcessMap; onSelect: (s: Selection) => void }) {
  const { t } = useTranslation("map");
  const label = new Map(map.nodes.map((n) => [n.id, n.label]));
  const [open, setOpen] = useState(false);
  // the rows are made only while the tables are open (a map can have hundreds of arcs)
  return (
    <details className="map-table" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t("asTable")}</summary>
      {open ? (
        <>
          <ElementTable
            map={map}
            onSelect={onSelect}
            caption={t("nodes")}
            head={t("node")}
            rows={map.nodes.map((n) => ({ id: n.id, name: n.label, frequency: n.frequency, cases: n.cases, value: n.value,
              select: { kind: "node", id: n.id } }))}
          />
          <ElementTable
            map={map}
            onSelect={onSelect}
            caption={t("edges")}
            head={t("edge")}
            rows={map.edges.map((e) => ({ id: e.id, name: `${label.get(e.source)} → ${label.get(e.target)}`,
              frequency: e.frequency, cases: e.cases, value: e.value, select: { kind: "edge", id: e.id },
              testId: `edge-row-${e.id}` }))}
          />
        </>
      ) : null}
    </details>
  );
}

function ElementTable({ map, onSelect, caption, head, rows }: {
  map: ProcessMap;
  onSelect: (s: Selection) => void;
  caption: string;
  head: string;
  rows: Row[];
}) {
  const { t, i18n } = useTranslation("map");
  const lang = i18n.language;
  const measure = map.overlay?.measure ?? "frequency";
  return (
    <table className="data">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">{t("measures.frequency")}</th>
          <th scope="col" className="num">{t("measures.cases")}</th>
          <th scope="col" className="num">{t(`measures.${measure}`)}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <th scope="row">
              <button type="button" className="link" data-testid={r.testId} onClick={() => onSelect(r.select)}>
                {r.name}
              </button>
            </th>
            <td className="num">{formatNumber(r.frequency, lang)}</td>
            <td className="num">{formatNumber(r.cases, lang)}</td>
            <td className="num">{overlayText(r.value, measure, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
