// A datetime-local value (the browser's time) as an ISO 8601 instant for the audit search, or "" when empty.
export function toIso(local: string): string {
  if (!local) return "";
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}
