// A date field in the user's language (Danish dd-mm-åååå, English yyyy-mm-dd) instead of the browser's date
// picker, whose format follows the browser's language, not the app's. onChange gets the ISO date or "".
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { datePattern, readDate, showDate } from "./dates";

export function DateInput({
  id,
  value,
  onChange,
  describedBy,
  testId,
}: {
  id: string;
  value: string;
  onChange: (iso: string) => void;
  describedBy?: string;
  testId?: string;
}) {
  const { t, i18n } = useTranslation("common");
  const lang = i18n.language;
  const [text, setText] = useState(showDate(value, lang));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    if (readDate(text) !== value) setText(showDate(value, lang));
  }, [value, lang]);
  const errorId = `${id}-error`;
  return (
    <>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        placeholder={datePattern(lang)}
        value={text}
        size={11}
        aria-invalid={bad || undefined}
        aria-describedby={[describedBy, bad ? errorId : undefined].filter(Boolean).join(" ") || undefined}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const iso = readDate(e.target.value);
          setBad(iso === null);
          if (iso !== null) onChange(iso);
        }}
      />
      {bad ? (
        <small id={errorId} className="error">
          {t("badDate", { pattern: datePattern(lang) })}
        </small>
      ) : null}
    </>
  );
}
