import { t } from "../i18n";

/**
 * A download's file name as a person would name it: "Zoë Łukasiewicz-Núñez – Resume.pdf". Letters of every script,
 * dashes and spaces stay; only what file systems refuse (/ \ : * ? " < > | and control characters) goes.
 */
export function downloadName(person: string | undefined, type: string, ext = "pdf"): string {
  const kind = type === "cover_letter" ? t("documents.type.coverLetter") : t("documents.type.resume");
  const name = cleanFileName(person ?? "");
  return `${name ? `${name} – ${kind}` : kind}.${ext}`;
}

/** A title as a file name ("CV / 2026: final" → "CV 2026 final.pdf"); `fallback` when nothing is left. */
export function fileName(title: string, ext = "pdf", fallback = "resume"): string {
  return `${cleanFileName(title) || fallback}.${ext}`;
}

function cleanFileName(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "")
    .slice(0, 120)
    .trim();
}

/** The person a document is about: a resume's profile name, a letter's sender. */
export function personOf(data: unknown): string | undefined {
  const d = data as { profile?: { name?: unknown }; sender?: { name?: unknown } } | null;
  const name = d?.profile?.name ?? d?.sender?.name;
  return typeof name === "string" ? name : undefined;
}
