import { useTranslation } from "react-i18next";
import { LANGUAGES, setLanguage, type Language } from "../i18n";

/** Two toggle buttons (Dansk / English); the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation("shell");
  return (
    <div className="lang-switch" role="group" aria-label={t("language")}>
      {LANGUAGES.map((l: Language) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={i18n.language === l}
          data-testid={`lang-${l}`}
          onClick={() => void setLanguage(l)}
        >
          {l === "da" ? "Dansk" : "English"}
        </button>
      ))}
    </div>
  );
}
