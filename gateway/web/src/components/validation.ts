export type FieldKind = "text" | "textarea" | "date" | "url" | "email" | "lines" | "csv" | "select" | "checkbox" | "paragraphs";

export interface FieldSpec {
  key: string;
  label: string;
  kind?: FieldKind;
  required?: boolean;
  max?: number;
  options?: { value: string; label: string }[];
  placeholder?: string;
  wide?: boolean;
}

const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** The server's content rules, checked on blur so most mistakes never reach the queue. */
export function validate(spec: FieldSpec, value: unknown): string | undefined {
  const text = typeof value === "string" ? value : "";
  if (spec.required && !text.trim()) return `${spec.label} is required.`;
  if (!text) return undefined;
  const max = spec.max ?? (spec.kind === "textarea" ? 5000 : 200);
  if (text.length > max) return `Must be at most ${max} characters.`;
  if (spec.kind === "date" && !isPartialDate(text)) return "Use YYYY, YYYY-MM or YYYY-MM-DD.";
  if (spec.kind === "url" && !isHttpUrl(text)) return "Must be an absolute http or https URL.";
  if (spec.kind === "email" && (!text.includes("@") || /\s/.test(text))) return "Must be an email address.";
  return undefined;
}

export function isPartialDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  if (value.length < 10) return true;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && !!u.hostname;
  } catch {
    return false;
  }
}

/** "data.work[0].startDate" (server) → "data.work.0.startDate" (editor paths). */
export function normalizeServerPath(path: string): string {
  return path.replace(/\[(\d+)\]/g, ".$1");
}
