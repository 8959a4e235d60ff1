// A rule's name in the user's language (Danish or English, else the other one, else its id).
import type { Rule } from "../../api/compliance";

export function ruleName(rule: Rule | undefined, lang: string): string {
  if (!rule) return "";
  return (lang.startsWith("da") ? rule.name_da ?? rule.name_en : rule.name_en ?? rule.name_da) ?? rule.title;
}
