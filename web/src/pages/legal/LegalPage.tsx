// The legal page for the auditor/DPO and administrators: the registrations that enable prediction (the auditor
// approves a proposal, either role revokes at once) and the DPIA kit written from the live configuration.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../../auth/AuthContext";
import { downloadText } from "../../api/download";
import {
  approveRegistration,
  LEGAL_DOCUMENTS,
  legalDocument,
  registrations,
  revokeRegistration,
  type LegalDocument,
  type Registration,
} from "../../api/legal";
import { formatDate } from "../../i18n/format";
import { useAsync } from "../../state/useAsync";
import { ProblemMessage } from "../ProblemMessage";
import { LegalSettingsForm } from "./LegalSettingsForm";
import { ProposeRegistration } from "./ProposeRegistration";
import { RegistrationStatus } from "./RegistrationStatus";
import { RetentionSettings } from "./RetentionSettings";

export default function LegalPage() {
  const { t, i18n } = useTranslation(["legal", "common"]);
  const lang = i18n.language;
  const { user } = useAuth();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const [proposing, setProposing] = useState(false);
  const [changing, setChanging] = useState<Registration | null>(null);
  const [status, setStatus] = useState("");
  useEffect(() => {
    document.title = `${t("title")} – Sagsflow`;
  }, [t]);
  const data = useAsync((signal) => registrations({ signal }), [version]);

  async function act(run: () => Promise<unknown>) {
    setError(null);
    try {
      await run();
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e as Error);
    }
  }
  async function download(doc: LegalDocument) {
    setError(null);
    try {
      downloadText(await legalDocument(doc, lang), `sagsflow-${doc}-${lang}.md`, "text/markdown");
    } catch (e) {
      setError(e as Error);
    }
  }
  const role = user?.role;

  return (
    <section aria-labelledby="legal-title">
      <h1 id="legal-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <ProblemMessage error={data.error ?? error} />
      {data.data ? <RegistrationStatus registrations={data.data} /> : null}
      <h2>{t("registrations")}</h2>
      {data.loading ? <p role="status">{t("common:loading")}</p> : null}
      {data.data && data.data.length === 0 ? <p data-testid="no-registrations">{t("none")}</p> : null}
      {data.data && data.data.length > 0 ? (
        <div className="table-scroll">
          <table className="data compact" data-testid="registrations">
            <caption className="visually-hidden">{t("caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("id")}</th>
                <th scope="col">{t("class")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">{t("purpose")}</th>
                <th scope="col">{t("basis")}</th>
                <th scope="col">{t("dpia")}</th>
                <th scope="col">{t("review")}</th>
                <th scope="col">{t("persons")}</th>
                <th scope="col">{t("actions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((r: Registration) => (
                <tr key={r.id} data-testid={`registration-${r.id}`} data-status={r.status} data-valid={r.valid ? "1" : "0"}>
                  <td><code>{r.id}</code></td>
                  <td>
                    {t(`classes.${r.target_class}`)}
                    {r.targets.length ? <> ({r.targets.join(", ")})</> : null}
                    {r.profiling ? <><br /><strong>{t("profiling")}</strong></> : null}
                  </td>
                  <td>
                    {r.expired && r.status === "active" ? t("expired") : t(`statuses.${r.status}`)}
                    {r.status === "proposed" ? <><br /><small data-testid="awaiting">{t("awaiting")}</small></> : null}
                    {r.supersedes ? <><br /><small>{t("changes", { id: r.supersedes })}</small></> : null}
                  </td>
                  <td>{r.purpose}</td>
                  <td>{r.legal_basis_text}</td>
                  <td>{`${r.dpia_reference} (${formatDate(r.dpia_date, lang)})`}</td>
                  <td>{formatDate(r.review_date, lang)}</td>
                  <td>{t("proposedBy", { who: r.proposed_by })}{r.approved_by ? <><br />{t("approvedBy", { who: r.approved_by })}</> : null}</td>
                  <td>
                    <div className="buttons">
                      {role === "auditor" && r.status === "proposed" && r.proposed_by !== user?.username ? (
                        <button type="button" className="primary" onClick={() => act(() => approveRegistration(r.id))}
                          aria-label={t("approveLabel", { id: r.id })}>{t("approve")}</button>
                      ) : null}
                      {role === "administrator" && r.status === "active" ? (
                        <button type="button" onClick={() => { setProposing(false); setChanging(r); }}
                          aria-label={t("changeLabel", { id: r.id })}>{t("change")}</button>
                      ) : null}
                      {r.status === "proposed" || r.status === "active" ? (
                        <button type="button" onClick={() => act(() => revokeRegistration(r.id, ""))}
                          aria-label={t("revokeLabel", { action: t(r.status === "proposed" ? "reject" : "revoke"), id: r.id })}>
                          {t(r.status === "proposed" ? "reject" : "revoke")}
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p role="status" aria-live="polite" data-testid="legal-status">{status}</p>
      {role === "administrator" ? (
        proposing || changing ? (
          <ProposeRegistration
            key={changing?.id ?? "new"}
            base={changing ?? undefined}
            onProposed={(r) => {
              setProposing(false);
              setChanging(null);
              setStatus(t("proposed", { id: r.id }));
              setVersion((v) => v + 1);
            }}
          />
        ) : (
          <button type="button" onClick={() => setProposing(true)} data-testid="propose-open">{t("proposeOpen")}</button>
        )
      ) : (
        <p className="muted">{t("proposeHint")}</p>
      )}
      <RetentionSettings canSet={role === "administrator"} />
      <LegalSettingsForm canSet={role === "administrator"} />
      <h2>{t("documents")}</h2>
      <p className="muted">{t("documentsIntro")}</p>
      <div className="buttons" data-testid="legal-documents">
        {LEGAL_DOCUMENTS.map((d) => (
          <button key={d} type="button" onClick={() => download(d)} data-testid={`document-${d}`}>{t(`docs.${d}`)}</button>
        ))}
      </div>
    </section>
  );
}
