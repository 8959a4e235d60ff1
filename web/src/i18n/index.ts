// i18next set-up: Danish and English, one namespace per page (top-level keys of da.json / en.json).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import da from "./da.json";
import en from "./en.json";

export const LANGUAGES = ["da", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_KEY = "sagsflow.language";

export const resources = { da, en } as const;

/** The language to start in: the saved choice, else Danish for a Danish browser, else English. */
export function initialLanguage(saved: string | null, browser: string | undefined): Language {
  if (saved === "da" || saved === "en") return saved;
  return browser && browser.toLowerCase().startsWith("da") ? "da" : "en";
}

function savedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

/** Switch language, remember it and set <html lang>. */
export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  await i18n.changeLanguage(lang);
}

export function setupI18n(): typeof i18n {
  const lng = initialLanguage(
    savedLanguage(),
    typeof navigator === "undefined" ? undefined : navigator.language,
  );
  void i18n.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: "en",
    ns: Object.keys(da),
    defaultNS: "common",
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (typeof document !== "undefined") {
    document.documentElement.lang = lng;
    i18n.on("languageChanged", (l) => {
      document.documentElement.lang = l;
    });
  }
  return i18n;
}

export default i18n;
