import { newIdempotencyKey } from "../sync/clock";
import { api, toError } from "./client";
import type { ExportJob } from "./exports";

/** Export formats besides PDF: each is a job like a PDF export (progress, retry, history, download). */
export type FileFormat = "json" | "docx";

export const FORMAT_NAMES: Record<FileFormat, string> = { json: "JSON Resume", docx: "Word (DOCX)" };

export interface BatchAccepted {
  batchId: string;
  jobs: { jobId: string; documentId: string; status: ExportJob["status"]; templateId: string; pageSize: string }[];
}

export const formatsApi = {
  /** POST /api/v1/export/json or /docx → 202 {jobId, status}. */
  start: (format: FileFormat, documentId: string) =>
    api.json<ExportJob>(`/api/v1/export/${format}`, {
      method: "POST",
      json: { documentId },
      headers: { "Idempotency-Key": newIdempotencyKey() },
    }),
  /** Several documents in one template and size (POST /batch): one job each, all or nothing. */
  batch: (documentIds: string[], templateId: string, pageSize: string) =>
    api.json<BatchAccepted>("/api/v1/export/batch", {
      method: "POST",
      json: { documentIds, templateId, pageSize },
      headers: { "Idempotency-Key": newIdempotencyKey() },
    }),
  /** The batch's files as one ZIP (GET /batch/{id}/zip), as an object URL to save. */
  async batchZip(batchId: string): Promise<string> {
    const response = await api.fetch(`/api/v1/export/batch/${batchId}/zip`);
    if (!response.ok) throw await toError(response);
    return URL.createObjectURL(await response.blob());
  },
  /** A JSON Resume (jsonresume.org) as a new resume: POST /api/v1/documents/import → the new document. */
  importJsonResume: (data: unknown, title?: string) =>
    api.json<{ id: string; title: string; version: number; createdAt: string; updatedAt: string }>(
      "/api/v1/documents/import",
      {
        method: "POST",
        json: { format: "json-resume", data, title },
        headers: { "Idempotency-Key": newIdempotencyKey() },
      },
    ),
};

/** The file extension a history entry or job type downloads as. */
export function extensionOf(type: string): "pdf" | "json" | "docx" {
  return type === "export_json" ? "json" : type === "export_docx" ? "docx" : "pdf";
}
