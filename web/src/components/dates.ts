// Dates typed the way the user's language writes them: Danish dd-mm-åååå (also with . or /), English ISO
// yyyy-mm-dd; both accept ISO. The value the app keeps is always the ISO date (yyyy-mm-dd) or "".

/** The placeholder of a date field in a language. */
export function datePattern(lang: string): string {
  return lang.startsWith("da") ? "dd-mm-åååå" : "yyyy-mm-dd";
}

/** An ISO date as the user's language writes it ("" stays ""). */
export function showDate(iso: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return lang.startsWith("da") ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** The ISO date of what the user typed, "" for an empty field, or null when it is not a valid date. */
export function readDate(text: string): string | null {
  const s = text.trim();
  if (!s) return "";
  let y: number, mo: number, d: number;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(s))) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
