// The municipality's legal settings: how employee data may be used (off / team level only / individual with a
// registered purpose; the minimum employees per group) and the controller's facts the record of processing needs.
// Everybody on the legal page reads them; an administrator changes them (audited legal.settings).
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { legalSettings, saveLegalSettings, type ControllerFacts, type EmployeeSettings } from "../../api/legal";
import { useAsync } from "../../state/useAsync";
import { ProblemMessage } from "../ProblemMessage";

const USES: EmployeeSettings["use"][] = ["off", "team", "individual"];
const lines = (text: string) => text.split("\n").map((x) => x.trim()).filter(Boolean);

export function LegalSettingsForm({ canSet }: { canSet: boolean }) {
  const { t } = useTranslation(["legal", "common"]);
  const [version, setVersion] = useState(0);
  const current = useAsync((signal) => legalSettings({ signal }), [version]);
  const [emp, setEmp] = useState<EmployeeSettings | null>(null);
  const [ctl, setCtl] = useState<ControllerFacts | null>(null);
  const [recipients, setRecipients] = useState("");
  const [processors, setProcessors] = useState("");
  const [error, setError] = useState<Error | null>(null);
  const [status, setStatus] = useState("");
  useEffect(() => {
    if (!current.data) return;
    setEmp(current.data.employees);
    setCtl(current.data.controller);
    setRecipients(current.data.controller.recipients.join("\n"));
    setProcessors(current.data.controller.processors.join("\n"));
  }, [current.data]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!emp || !ctl) return;
    setError(null);
    setStatus("");
    try {
      const saved = await saveLegalSettings({
        employees: { ...emp, team_attribute: emp.team_attribute?.trim() ? emp.team_attribute.trim() : null },
        controller: { ...ctl, recipients: lines(recipients), processors: lines(processors) },
      });
      setStatus(t("settingsSaved", { text: saved.employees_text }));
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err as Error);
    }
  }

  const text = (key: keyof ControllerFacts, id: string) => (
    <div className="field">
      <label htmlFor={id}>{t(`controller.${key}`)}</label>
      <input id={id} value={String(ctl?.[key] ?? "")} disabled={!canSet}
        onChange={(e) => ctl && setCtl({ ...ctl, [key]: e.target.value })} />
    </div>
  );

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t("settingsTitle")}</h2>
      <ProblemMessage error={current.error} />
      {current.data ? <p data-testid="employees-text">{t("employeesNow", { text: current.data.employees_text })}</p> : null}
      {emp && ctl ? (
        <form className="card legal-form" onSubmit={submit} aria-labelledby="settings-title" data-testid="settings-form">
          <fieldset data-testid="employee-use">
            <legend>{t("employeeUse")}</legend>
            {USES.map((u) => (
              <label key={u} className="check">
                <input type="radio" name="employee-use" value={u} checked={emp.use === u} disabled={!canSet}
                  onChange={() => setEmp({ ...emp, use: u })} /> {t(`uses.${u}`)}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="emp-min">{t("minEmployees")}</label>
            <input id="emp-min" type="number" min={1} max={1000} required value={emp.min_employees} disabled={!canSet}
              onChange={(e) => setEmp({ ...emp, min_employees: Number(e.target.value) })} aria-describedby="emp-min-hint" />
            <small id="emp-min-hint" className="muted">{t("minEmployeesHint")}</small>
          </div>
          {emp.use === "team" ? (
            <div className="field">
              <label htmlFor="emp-team">{t("teamAttribute")}</label>
              <input id="emp-team" value={emp.team_attribute ?? ""} disabled={!canSet}
                onChange={(e) => setEmp({ ...emp, team_attribute: e.target.value })} />
            </div>
          ) : null}
          {emp.use === "individual" ? (
            <>
              <div className="field">
                <label htmlFor="emp-purpose">{t("employeePurpose")}</label>
                <input id="emp-purpose" value={emp.purpose} required disabled={!canSet}
                  onChange={(e) => setEmp({ ...emp, purpose: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor="emp-ref">{t("employeePurposeRef")}</label>
                <input id="emp-ref" value={emp.purpose_reference} required disabled={!canSet}
                  onChange={(e) => setEmp({ ...emp, purpose_reference: e.target.value })} />
              </div>
            </>
          ) : null}
          <fieldset>
            <legend>{t("controllerTitle")}</legend>
            {text("name", "ctl-name")}
            {text("address", "ctl-address")}
            {text("contact", "ctl-contact")}
            {text("dpo", "ctl-dpo")}
            <div className="field">
              <label htmlFor="ctl-recipients">{t("controller.recipients")}</label>
              <textarea id="ctl-recipients" rows={3} value={recipients} disabled={!canSet}
                onChange={(e) => setRecipients(e.target.value)} aria-describedby="ctl-lines-hint" />
            </div>
            <div className="field">
              <label htmlFor="ctl-processors">{t("controller.processors")}</label>
              <textarea id="ctl-processors" rows={3} value={processors} disabled={!canSet}
                onChange={(e) => setProcessors(e.target.value)} aria-describedby="ctl-lines-hint" />
            </div>
            <small id="ctl-lines-hint" className="muted">{t("onePerLine")}</small>
            {text("transfers", "ctl-transfers")}
          </fieldset>
          <ProblemMessage error={error} />
          {canSet ? (
            <div className="buttons">
              <button type="submit" className="primary" data-testid="settings-submit">{t("settingsSave")}</button>
            </div>
          ) : (
            <p className="muted">{t("settingsAdminOnly")}</p>
          )}
        </form>
      ) : null}
      <p role="status" aria-live="polite" data-testid="settings-status">{status}</p>
    </section>
  );
}
