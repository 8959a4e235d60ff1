// Numbers, dates and durations in the user's locale (Intl). Pass the i18n language ("da" -> da-DK).

export function locale(lang: string): string {
  return lang.startsWith("da") ? "da-DK" : "en-GB";
}

/** Intl formatters are costly to make (a map draws thousands of numbers): one per locale and options. */
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale(lang)} ${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale(lang), opts)));
  return f;
}

export function formatNumber(value: number | null | undefined, lang: string, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return numberFormat(lang, { maximumFractionDigits: digits }).format(value);
}

/** A share (0..1) as a percentage; a share too small for whole percents keeps two significant digits, so a few
 * cases of a large log never read "0 %". */
export function formatPercent(value: number, lang: string): string {
  const small = value !== 0 && Math.abs(value) < 0.01;
  const opts: Intl.NumberFormatOptions = small ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: 0 };
  return numberFormat(lang, { style: "percent", ...opts }).format(value);
}

/** Timestamps are shown in Danish time (Europe/Copenhagen), as DESIGN.md says. */
export function formatDateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Copenhagen",
  }).format(d);
}

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeZone: "Europe/Copenhagen" }).format(d);
}

const UNITS: [Intl.NumberFormatOptions["unit"], number][] = [
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** A duration in seconds as the two largest units, e.g. "3d 4t" / "3d 4h" (Intl narrow units). */
export function formatDuration(seconds: number | null | undefined, lang: string): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "–";
  const sign = seconds < 0 ? "-" : "";
  const abs = Math.abs(seconds);
  if (abs < 1) return sign + fmtUnit(Math.round(abs * 10) / 10, "second", lang);
  const i = UNITS.findIndex(([, size]) => abs >= size);
  const [unit, size] = UNITS[i];
  if (i === UNITS.length - 1) return sign + fmtUnit(Math.round(abs), "second", lang);
  const [unit2, size2] = UNITS[i + 1];
  let n1 = Math.floor(abs / size);
  let n2 = Math.round((abs - n1 * size) / size2);
  if (n2 * size2 >= size) {
    n1 += 1;
    n2 = 0;
  }
  const first = fmtUnit(n1, unit!, lang);
  return sign + (n2 ? `${first} ${fmtUnit(n2, unit2!, lang)}` : first);
}

function fmtUnit(n: number, unit: string, lang: string): string {
  return numberFormat(lang, { style: "unit", unit, unitDisplay: "narrow" }).format(n);
}

/** Seconds as the compact duration text the filter engine reads ("2d", "1d12h", "90m" ...). */
export function toDurationText(seconds: number): string {
  let s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const out = `${d ? `${d}d` : ""}${h ? `${h}h` : ""}${m ? `${m}min` : ""}${s ? `${s}s` : ""}`;
  return out || "0s";
}

type AxisOption = { type?: string; axisLabel?: { formatter?: unknown } & Record<string, unknown> } & Record<string, unknown>;
type Opt = Record<string, unknown>;

function localizeAxis(axis: unknown, lang: string, fallbackType: string): unknown {
  if (Array.isArray(axis)) return axis.map((a) => localizeAxis(a, lang, fallbackType));
  if (!axis || typeof axis !== "object") return axis;
  const a = axis as AxisOption;
  if (a.axisLabel?.formatter) return a;
  const type = a.type ?? fallbackType;
  if (type === "value" || type === "log") {
    return { ...a, axisLabel: { ...a.axisLabel, formatter: (v: number) => formatNumber(v, lang, 2) } };
  }
  if (type === "time") {
    return { ...a, axisLabel: { ...a.axisLabel, formatter: (v: number) => formatDate(new Date(v).toISOString(), lang) } };
  }
  return a;
}

/** An ECharts option with numbers (and time axes) in the page's locale: value-axis labels and tooltip values
 * "2.500" in Danish, "2,500" in English. Formatters a page sets itself are kept. */
export function localizeChart<T extends Opt>(option: T, lang: string): T {
  const out: Opt = { ...option };
  if ("xAxis" in option) out.xAxis = localizeAxis(option.xAxis, lang, "category");
  if ("yAxis" in option) out.yAxis = localizeAxis(option.yAxis, lang, "value");
  const tooltip = option.tooltip as Opt | undefined;
  if (tooltip && typeof tooltip === "object" && !tooltip.valueFormatter && !tooltip.formatter) {
    out.tooltip = {
      ...tooltip,
      valueFormatter: (v: unknown) => (typeof v === "number" ? formatNumber(v, lang, 2) : String(v ?? "–")),
    };
  }
  return out as T;
}
