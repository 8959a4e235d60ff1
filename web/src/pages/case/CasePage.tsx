// The case inspector: the timeline of one (pseudonymised) case with each event's activity, time, resource and
// attributes. Analysts only; the server records every look in the audit log.
import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import { formatDateTime, formatDuration, formatNumber } from "../../i18n/format";
import { useAsync } from "../../state/useAsync";
import { useLogParams } from "../params";
import { ProblemMessage } from "../ProblemMessage";
import { pageById, pageUrl } from "../registry";
import { timelineRows, type CaseEvent } from "./timeline";
import "./case.css";

export default function CasePage() {
  const { t, i18n } = useTranslation(["case", "common"]);
  const lang = i18n.language;
  const { workspaceId, log } = useLogParams();
  const caseId = useParams().caseId ?? "";
  useEffect(() => {
    document.title = `${t("title")} ${caseId} – Sagsflow`;
  }, [t, caseId]);
  const data = useAsync((signal) => api.caseTimeline(workspaceId, log, caseId, { signal }), [workspaceId, log, caseId]);
  // the case-level attributes (municipality, target group ...) come with the timeline: one audited read
  const attrs = Object.entries((data.data?.attributes as Record<string, unknown> | undefined) ?? {}).filter(
    ([, v]) => v !== null && v !== "",
  );
  const rows = timelineRows(((data.data?.events as CaseEvent[] | undefined) ?? []));
  const kept = rows.filter((r) => !r.quarantined); // the case as the analyses see it (docs/importing.md)
  const total = kept.length ? kept[kept.length - 1].elapsed_s : null;
  const resources = new Set(rows.map((r) => r.resource).filter(Boolean));
  return (
    <section aria-labelledby="case-title">
      <p>
        <Link to={pageUrl(pageById("cases"), workspaceId, log)}>{t("back", { log })}</Link>
      </p>
      <h1 id="case-title">
        {t("title")} <span className="log-name" data-testid="case-id">{caseId}</span>
      </h1>
      <p className="muted">{t("audited")}</p>
      <ProblemMessage error={data.error} />
      {data.loading ? <p role="status">{t("common:loading")}</p> : null}
      {rows.length ? (
        <>
          <dl className="stats case-facts" data-testid="case-facts">
            <div className="row">
              <dt>{t("events")}</dt>
              <dd>{formatNumber(rows.length, lang)}</dd>
            </div>
            <div className="row">
              <dt>{t("start")}</dt>
              <dd>{formatDateTime(kept[0]?.timestamp, lang)}</dd>
            </div>
            <div className="row">
              <dt>{t("end")}</dt>
              <dd>{formatDateTime(kept[kept.length - 1]?.timestamp, lang)}</dd>
            </div>
            <div className="row">
              <dt>{t("duration")}</dt>
              <dd>{formatDuration(total, lang)}</dd>
            </div>
            <div className="row">
              <dt>{t("resources")}</dt>
              <dd>{formatNumber(resources.size, lang)}</dd>
            </div>
          </dl>
          {attrs.length ? (
            <>
              <h2>{t("attributes")}</h2>
              <dl className="attrs case-attrs" data-testid="case-attributes">
                {attrs.map(([k, v]) => (
                  <div key={k} className="row">
                    <dt>{k}</dt>
                    <dd>{String(v)}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
          <h2>{t("timeline")}</h2>
          <ol className="case-timeline" data-testid="case-timeline">
            {rows.map((r, i) => (
              <li key={i}>
                <div className="when">
                  <time dateTime={r.timestamp ?? undefined}>{formatDateTime(r.timestamp, lang)}</time>
                  {r.wait_s !== null ? <span className="muted"> {t("after", { d: formatDuration(r.wait_s, lang) })}</span> : null}
                </div>
                <div className="what">
                  <strong>{r.activity}</strong>
                  {r.quarantined ? <span className="badge" data-testid="quarantined-event">{t("quarantined")}</span> : null}
                  {r.resource ? <span className="badge">{t("by", { resource: r.resource })}</span> : null}
                  {r.lifecycle ? <span className="badge">{r.lifecycle}</span> : null}
                  {r.start ? <span className="muted"> {t("started", { time: formatDateTime(r.start, lang) })}</span> : null}
                  {r.attributes.length ? (
                    <dl className="attrs">
                      {r.attributes.map(([k, v]) => (
                        <div key={k} className="row">
                          <dt>{k}</dt>
                          <dd>{v}</dd>
                        </div>
                      ))}
                    </dl>
                  ) : null}
                </div>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
