// An administrator proposes a registration that would enable prediction of a class of targets. The two-person rule
// is said before the form: the proposal enables nothing until the auditor/DPO (another person) approves it.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { gdprArticles, proposeRegistration, type Registration } from "../../api/legal";
import { useAsync } from "../../state/useAsync";
import { ProblemMessage } from "../ProblemMessage";
import { TARGET_CLASSES } from "./RegistrationStatus";

/** The form for a new registration, or (``base``) for a change of one: prefilled, sent with ``supersedes``. */
export function ProposeRegistration({ onProposed, base }: { onProposed: (r: Registration) => void; base?: Registration }) {
  const { t } = useTranslation(["legal", "common"]);
  const articles = useAsync((signal) => gdprArticles({ signal }), []);
  const [cls, setCls] = useState<Registration["target_class"]>(base?.target_class ?? "capacity");
  const [targets, setTargets] = useState(base?.targets.join(", ") ?? "");
  const [purpose, setPurpose] = useState(base?.purpose ?? "");
  const [decisions, setDecisions] = useState(base?.decisions_supported ?? "");
  const [endUsers, setEndUsers] = useState(base?.end_users ?? "");
  const [frequency, setFrequency] = useState(base?.frequency ?? "");
  const [identify, setIdentify] = useState(base?.identify_cases ?? false);
  const [law, setLaw] = useState(base?.legal_basis.law ?? "");
  const [section, setSection] = useState(base?.legal_basis.section ?? "");
  const [chosen, setChosen] = useState<string[]>(base?.legal_basis.gdpr_articles ?? []);
  const [dpiaRef, setDpiaRef] = useState(base?.dpia_reference ?? "");
  const [dpiaDate, setDpiaDate] = useState(base?.dpia_date ?? "");
  const [maker, setMaker] = useState(base?.decision_maker ?? "");
  const [review, setReview] = useState(base?.review_date ?? "");
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const profiling = cls === "citizen_outcome";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const r = await proposeRegistration({
        target_class: cls,
        targets: targets.split(",").map((x) => x.trim()).filter(Boolean),
        purpose,
        decisions_supported: decisions,
        end_users: endUsers,
        frequency,
        identify_cases: identify,
        legal_basis: { law, section, gdpr_articles: chosen },
        dpia_reference: dpiaRef,
        dpia_date: dpiaDate,
        decision_maker: maker,
        review_date: review,
        supersedes: base?.id ?? null,
      });
      onProposed(r);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card legal-form" onSubmit={submit} aria-labelledby="propose-title" data-testid="propose-form">
      <h3 id="propose-title">{base ? t("changeTitle", { id: base.id }) : t("proposeTitle")}</h3>
      <p className="notice" data-testid="two-person-rule">{t("twoPersonRule")}</p>
      <div className="field">
        <label htmlFor="reg-class">{t("class")}</label>
        <select id="reg-class" value={cls} disabled={base !== undefined} onChange={(e) => setCls(e.target.value as Registration["target_class"])}>
          {TARGET_CLASSES.map((c) => (
            <option key={c} value={c}>{t(`classes.${c}`)}</option>
          ))}
        </select>
      </div>
      {profiling ? <p className="notice" data-testid="profiling-warning">{t("profilingWarning")}</p> : null}
      <div className="field">
        <label htmlFor="reg-targets">{t("targets")}</label>
        <input id="reg-targets" value={targets} required={profiling} onChange={(e) => setTargets(e.target.value)}
          aria-describedby="reg-targets-hint" />
        <small id="reg-targets-hint" className="muted">{t(profiling ? "targetsHintProfiling" : "targetsHint")}</small>
      </div>
      <div className="field">
        <label htmlFor="reg-purpose">{t("purpose")}</label>
        <textarea id="reg-purpose" value={purpose} required minLength={3} rows={2} onChange={(e) => setPurpose(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="reg-decisions">{t("decisions")}</label>
        <input id="reg-decisions" value={decisions} onChange={(e) => setDecisions(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="reg-users">{t("endUsers")}</label>
        <input id="reg-users" value={endUsers} onChange={(e) => setEndUsers(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="reg-frequency">{t("frequency")}</label>
        <input id="reg-frequency" value={frequency} onChange={(e) => setFrequency(e.target.value)} />
      </div>
      <label className="check">
        <input type="checkbox" checked={identify} onChange={(e) => setIdentify(e.target.checked)} /> {t("identifyCases")}
      </label>
      <fieldset>
        <legend>{t("basis")}</legend>
        <div className="field">
          <label htmlFor="reg-law">{t("law")}</label>
          <input id="reg-law" value={law} required minLength={2} onChange={(e) => setLaw(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="reg-section">{t("section")}</label>
          <input id="reg-section" value={section} required placeholder="§ 8" onChange={(e) => setSection(e.target.value)}
            aria-describedby="reg-section-hint" />
          <small id="reg-section-hint" className="muted">{t("sectionHint")}</small>
        </div>
        <fieldset data-testid="gdpr-articles">
          <legend>{t("gdprArticles")}</legend>
          <ProblemMessage error={articles.error} />
          {(articles.data ?? []).map((a) => (
            <label key={a.key} className="check">
              <input
                type="checkbox"
                value={a.key}
                checked={chosen.includes(a.key)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, a.key] : chosen.filter((x) => x !== a.key))}
              />{" "}
              {a.text}
            </label>
          ))}
        </fieldset>
      </fieldset>
      <div className="field">
        <label htmlFor="reg-dpia">{t("dpiaReference")}</label>
        <input id="reg-dpia" value={dpiaRef} required onChange={(e) => setDpiaRef(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="reg-dpia-date">{t("dpiaDate")}</label>
        <input id="reg-dpia-date" type="date" value={dpiaDate} required onChange={(e) => setDpiaDate(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="reg-maker">{t("decisionMaker")}</label>
        <input id="reg-maker" value={maker} required minLength={2} onChange={(e) => setMaker(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="reg-review">{t("review")}</label>
        <input id="reg-review" type="date" value={review} required onChange={(e) => setReview(e.target.value)}
          aria-describedby="reg-review-hint" />
        <small id="reg-review-hint" className="muted">{t("reviewHint")}</small>
      </div>
      <ProblemMessage error={error} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="propose-submit">{t("proposeButton")}</button>
      </div>
    </form>
  );
}
