// Whether prediction is on, per target class, from the municipality's registrations: one block that the legal page
// (the administrator and the auditor/DPO) and the predictions page (the analyst, before training) both show.
import { useTranslation } from "react-i18next";
import type { Registration } from "../../api/legal";
import { formatDate } from "../../i18n/format";
import "./legal.css";

export const TARGET_CLASSES: Registration["target_class"][] = ["capacity", "deadline", "citizen_outcome"];

/** The registrations that enable a class now (valid: active, approved by a second person, not expired). */
export function enabling(list: Registration[], cls: Registration["target_class"]): Registration[] {
  return list.filter((r) => r.target_class === cls && r.valid);
}

export function RegistrationStatus({ registrations }: { registrations: Registration[] }) {
  const { t, i18n } = useTranslation("legal");
  const lang = i18n.language;
  const waiting = registrations.filter((r) => r.status === "proposed").length;
  return (
    <section aria-labelledby="registration-status-title" className="card registration-status" data-testid="registration-status">
      <h2 id="registration-status-title">{t("statusTitle")}</h2>
      <ul>
        {TARGET_CLASSES.map((cls) => {
          const regs = enabling(registrations, cls);
          return (
            <li key={cls} data-testid={`status-${cls}`} data-enabled={regs.length ? "1" : "0"}>
              <strong>{t(`classes.${cls}`)}:</strong>{" "}
              {regs.length
                ? regs.map((r, i) => (
                    <span key={r.id}>
                      {i ? "; " : null}
                      {t("enabledBy", { id: r.id, date: formatDate(r.review_date, lang) })}
                      {r.targets.length ? ` (${r.targets.join(", ")})` : null}
                    </span>
                  ))
                : t("off")}
              {cls === "citizen_outcome" ? <small className="muted"> {t("profilingNote")}</small> : null}
            </li>
          );
        })}
      </ul>
      {waiting ? <p data-testid="status-waiting">{t("waiting", { count: waiting })}</p> : null}
    </section>
  );
}
