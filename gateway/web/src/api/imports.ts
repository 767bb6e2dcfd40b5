import { t } from "../i18n";
import { newIdempotencyKey } from "../sync/clock";
import { api, toError } from "./client";
import { exportsApi, type ExportJob } from "./exports";

export const IMPORT_ACCEPT =
  ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export interface ImportJob extends ExportJob {
  /** The new resume, and the lines the importer could not place (offered on the import screen). */
  result?: { documentId?: string; unplaced?: string[] } | null;
}

/** Checks the file before upload: a PDF, DOCX or LinkedIn ZIP by name or type, not empty, not too large. */
export function checkImportFile(file: { name: string; type: string; size: number }): string | null {
  const okType =
    /\.(pdf|docx|zip)$/i.test(file.name) ||
    file.type === "application/pdf" ||
    file.type.includes("wordprocessingml") ||
    file.type === "application/zip";
  if (!okType) return t("import.wrongType");
  if (file.size === 0) return t("import.emptyFile");
  if (file.size > IMPORT_MAX_BYTES) return t("import.tooLarge", { mb: IMPORT_MAX_BYTES / 1024 / 1024 });
  return null;
}

export const importsApi = {
  /** POST /api/v1/imports (multipart field `file`) → 202 {jobId, status}. */
  async upload(file: File): Promise<{ jobId: string; status: string }> {
    const form = new FormData();
    form.append("file", file, file.name);
    const response = await api.fetch("/api/v1/imports", {
      method: "POST",
      body: form,
      headers: { "Idempotency-Key": newIdempotencyKey() },
    });
    if (!response.ok) throw await toError(response);
    return response.json();
  },
  /** The import runs on the job engine: same job view and SSE as exports; `result.documentId` when completed. */
  follow: (jobId: string, onJob: (job: ImportJob) => void) => exportsApi.follow(jobId, onJob as (j: ExportJob) => void),
};
