import type { FieldRule, FieldRules } from "../api/rules";
import i18n, { t } from "../i18n";

export type FieldKind =
  "text" | "textarea" | "date" | "url" | "email" | "lines" | "csv" | "select" | "checkbox" | "paragraphs";

/** How a field is shown. What it must satisfy is not here: that is the server's rule for its path (ruleFor). */
export interface FieldSpec {
  key: string;
  label: string;
  kind?: FieldKind;
  placeholder?: string;
  wide?: boolean;
}

/** Editor path → rule path: "data.work.0.startDate" → "data.work[].startDate" (the rules' `[]` = every entry). */
export function rulePath(path: string): string {
  return path.replace(/\.\d+(?=\.|$)/g, "[]");
}

export function ruleFor(rules: FieldRules | undefined, path: string): FieldRule | undefined {
  return rules?.[rulePath(path)];
}

const FORMATS: Record<string, { test(value: string): boolean; message(): string }> = {
  "partial-date": { test: isPartialDate, message: () => t("validation.partialDate") },
  "http-url": { test: isHttpUrl, message: () => t("validation.httpUrl") },
  email: { test: isEmail, message: () => t("validation.email") },
};

/**
 * Checks a text field against the server's rule for its path, on blur, so most mistakes never reach the queue.
 * `siblings` are the other fields of its object (an end date is compared with its start date). Formats the app does not
 * know (a newer server) are left to the server.
 */
export function validate(
  spec: FieldSpec,
  rule: FieldRule | undefined,
  value: unknown,
  siblings?: Record<string, unknown>,
): string | undefined {
  if (!rule) return undefined;
  const text = typeof value === "string" ? value : "";
  if ((rule.required || rule.notBlank) && !text.trim())
    return rule.required ? t("validation.required", { label: spec.label }) : t("validation.notBlank");
  if (!text) return undefined;
  if (rule.maxLength !== undefined && text.length > rule.maxLength)
    return t("validation.maxLength", { count: rule.maxLength });
  const format = rule.format ? FORMATS[rule.format] : undefined;
  if (format && !format.test(text)) return format.message();
  if (rule.oneOf && !rule.oneOf.includes(text)) return t("validation.oneOf", { values: rule.oneOf.join(", ") });
  const other = rule.notBefore ? siblings?.[rule.notBefore] : undefined;
  if (typeof other === "string" && isPartialDate(other) && isPartialDate(text)) {
    const n = Math.min(other.length, text.length);
    if (text.slice(0, n) < other.slice(0, n)) return t("validation.notBefore", { field: fieldName(rule.notBefore!) });
  }
  return undefined;
}

/** Checks a list field (lines, keywords, paragraphs): its entry count and each entry against the entries' rule. */
export function validateList(
  listRule: FieldRule | undefined,
  itemRule: FieldRule | undefined,
  items: unknown,
): string | undefined {
  const list = Array.isArray(items) ? items : [];
  if (listRule?.maxItems !== undefined && list.length > listRule.maxItems)
    return t("validation.maxItems", { count: listRule.maxItems });
  for (let i = 0; i < list.length; i++) {
    const problem = validate({ key: String(i), label: t("validation.entryLabel") }, itemRule, list[i]);
    if (problem)
      return t("validation.entry", { n: i + 1, problem: `${problem.charAt(0).toLowerCase()}${problem.slice(1)}` });
  }
  return undefined;
}

export function isPartialDate(value: string): boolean {
  if (!/^[12]\d{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/.test(value)) return false;
  if (value.length < 10) return true;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** The JSON Resume validator's email format (the server's FieldFormats.IsEmail): a dot in the domain, ASCII. */
const EMAIL =
  /^(?:[\w!#$%&'*+\-/=?^`{|}~]+\.)*[\w!#$%&'*+\-/=?^`{|}~]+@(?:(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-](?!\.)){0,61}[a-zA-Z0-9]?\.)+[a-zA-Z0-9](?:[a-zA-Z0-9-](?!$)){0,61}[a-zA-Z0-9]?)|(?:\[(?:(?:[01]?\d{1,2}|2[0-4]\d|25[0-5])\.){3}(?:[01]?\d{1,2}|2[0-4]\d|25[0-5])\]))$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function isHttpUrl(value: string): boolean {
  if (/[\s\ufeff]/.test(value)) return false;
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && !!u.hostname;
  } catch {
    return false;
  }
}

/** "startDate" → "start date" (validation.fieldName.*), else the name spelled out in English. */
function fieldName(field: string): string {
  const key = `validation.fieldName.${field}`;
  return i18n.exists(key) ? String(i18n.t(key as never)) : field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

/** "data.work[0].startDate" (server) → "data.work.0.startDate" (editor paths). */
export function normalizeServerPath(path: string): string {
  return path.replace(/\[(\d+)\]/g, ".$1");
}
