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

export default function LegalPage() {
  const { t, i18n } = useTranslation(["legal", "common"]);
  const lang = i18n.language;
  const { user } = useAuth();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<Error | null>(null);
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
                  <td>{r.expired && r.status === "active" ? t("expired") : t(`statuses.${r.status}`)}</td>
                  <td>{r.purpose}</td>
                  <td>{r.legal_basis_text}</td>
                  <td>{`${r.dpia_reference} (${formatDate(r.dpia_date, lang)})`}</td>
                  <td>{formatDate(r.review_date, lang)}</td>
                  <td>{t("proposedBy", { who: r.proposed_by })}{r.approved_by ? <><br />{t("approvedBy", { who: r.approved_by })}</> : null}</td>
                  <td>
                    <div className="buttons">
                      {role === "auditor" && r.status === "proposed" ? (
                        <button type="button" className="primary" onClick={() => act(() => approveRegistration(r.id))}
                          aria-label={t("approveLabel", { id: r.id })}>{t("approve")}</button>
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
      <p className="muted">{t("proposeHint")}</p>
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
