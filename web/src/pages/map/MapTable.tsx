// The map as tables (nodes and arcs): the keyboard and screen-reader way to the same statistics and filters.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProcessMap } from "../../api";
import { formatNumber } from "../../i18n/format";
import { overlayText } from "./elements";
import type { Selection } from "./SidePanel";

export function MapTable({ map, onSelect }: { map: ProcessMap; onSelect: (s: Selection) => void }) {
  const { t, i18n } = useTranslation("map");
  const lang = i18n.language;
  const label = new Map(map.nodes.map((n) => [n.id, n.label]));
  const measure = map.overlay?.measure ?? "frequency";
  // the rows are made only while the tables are open (a map can have hundreds of arcs)
  const [open, setOpen] = useState(false);
  return (
    <details className="map-table" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t("asTable")}</summary>
      {open ? (
        <>
      <table className="data">
        <caption>{t("nodes")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("node")}</th>
            <th scope="col" className="num">{t("measures.frequency")}</th>
            <th scope="col" className="num">{t("measures.cases")}</th>
            <th scope="col" className="num">{t(`measures.${measure}`)}</th>
          </tr>
        </thead>
        <tbody>
          {map.nodes.map((n) => (
            <tr key={n.id}>
              <th scope="row">
                <button type="button" className="link" onClick={() => onSelect({ kind: "node", id: n.id })}>
                  {n.label}
                </button>
              </th>
              <td className="num">{formatNumber(n.frequency, lang)}</td>
              <td className="num">{formatNumber(n.cases, lang)}</td>
              <td className="num">{overlayText(n.value, measure, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data">
        <caption>{t("edges")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("edge")}</th>
            <th scope="col" className="num">{t("measures.frequency")}</th>
            <th scope="col" className="num">{t("measures.cases")}</th>
            <th scope="col" className="num">{t(`measures.${measure}`)}</th>
          </tr>
        </thead>
        <tbody>
          {map.edges.map((e) => (
            <tr key={e.id}>
              <th scope="row">
                <button type="button" className="link" data-testid={`edge-row-${e.id}`} onClick={() => onSelect({ kind: "edge", id: e.id })}>
                  {label.get(e.source)} → {label.get(e.target)}
                </button>
              </th>
              <td className="num">{formatNumber(e.frequency, lang)}</td>
              <td className="num">{formatNumber(e.cases, lang)}</td>
              <td className="num">{overlayText(e.value, measure, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
        </>
      ) : null}
    </details>
  );
}
