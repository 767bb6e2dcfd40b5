import { t } from "../i18n";
import { StoredCache, TEMPLATES_TTL_MS } from "../lib/cache";
import { newIdempotencyKey } from "../sync/clock";
import { api } from "./client";
import { readSse } from "./sse";

export interface Template {
  id: string;
  name: string;
  description: string;
  pageSizes: string[];
  documentTypes?: string[];
  previewUrl: string;
  previewImageUrl?: string;
  /** What the template prints when the document's design says nothing, and what it allows. */
  design?: TemplateDesign;
}

export interface TemplateDesign {
  accentColor: string;
  fontFamily: string;
  fontSize: number;
  lineHeight: number;
  sectionOrder: string[];
  sectionTitles: Record<string, string>;
  twoColumns: boolean;
  photoSlot: boolean;
}

export interface ExportJob {
  jobId: string;
  status: "pending" | "processing" | "completed" | "failed" | "cancelled" | "dead_letter";
  progress?: number;
  progressMessage?: string | null;
  attempts?: number;
  createdAt?: string;
  startedAt?: string | null;
  completedAt?: string | null;
  expiresAt?: string | null;
  maxAttempts?: number;
  error?: string | null;
  downloadUrl?: string | null;
}

export interface HistoryItem {
  jobId: string;
  type: string;
  documentId: string;
  documentVersion: number;
  templateId: string;
  pageSize?: string | null;
  title: string;
  sizeBytes?: number | null;
  pages?: number | null;
  downloads: number;
  createdAt: string;
  completedAt: string;
  expiresAt?: string | null;
  expired: boolean;
  downloadUrl?: string | null;
}
export interface HistoryStats {
  exports: number;
  liveExports: number;
  downloads: number;
  storageUsedBytes: number;
  storageQuotaBytes: number;
  exportsLast7Days: number;
}

/**
 * Days left before an export expires, counting a started day (7 right after export, 1 on its last day, 0 once expired).
 */
export function daysLeft(expiresAt: string | null | undefined, now = Date.now()): number | null {
  if (!expiresAt) return null;
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 86_400_000));
}

// "template-designs": entries cached before templates listed their design defaults are not read back.
export const templatesCache = new StoredCache<Template[]>("template-designs", TEMPLATES_TTL_MS);

export const exportsApi = {
  /** Templates, cached in sessionStorage for an hour (versioned key). */
  async templates(): Promise<Template[]> {
    const cached = templatesCache.read();
    if (cached) return cached;
    const items = await api.json<Template[]>("/api/v1/templates");
    templatesCache.write(items);
    return items;
  },
  async preview(
    templateId: string,
    pageSize: string,
    doc: { type: string; title: string; data: unknown; photo?: string },
    signal?: AbortSignal,
  ): Promise<string> {
    const response = await api.fetch(
      `/api/v1/templates/${encodeURIComponent(templateId)}/preview?pageSize=${pageSize}`,
      {
        method: "POST",
        body: JSON.stringify(doc),
        signal,
      },
    );
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body.title ?? t("preview.failed", { status: response.status }));
    }
    return response.text();
  },
  start: (documentId: string, templateId: string, pageSize: string, version?: number) =>
    api.json<ExportJob>("/api/v1/export/pdf", {
      method: "POST",
      json: { documentId, templateId, pageSize, version },
      headers: { "Idempotency-Key": newIdempotencyKey() },
    }),
  /** Several templates or page sizes of one document as one request (POST /batch with variants): one job each. */
  batch: (documentId: string, variants: { templateId: string; pageSize: string }[]) =>
    api.json<{
      batchId: string;
      jobs: { jobId: string; documentId: string; status: ExportJob["status"]; templateId: string; pageSize: string }[];
    }>("/api/v1/export/batch", {
      method: "POST",
      json: { documentIds: [documentId], variants },
      headers: { "Idempotency-Key": newIdempotencyKey() },
    }),
  history: (limit = 50, offset = 0) =>
    api.json<{ items: HistoryItem[]; limit: number; offset: number; stats?: HistoryStats | null }>(
      `/api/v1/export/history?limit=${limit}&offset=${offset}&stats=true`,
    ),
  cancel: (jobId: string) => api.json<ExportJob>(`/api/v1/export/job/${jobId}`, { method: "DELETE" }),
  retry: (jobId: string) => api.json<ExportJob>(`/api/v1/export/retry/${jobId}`, { method: "POST" }),
  job: (jobId: string) => api.json<ExportJob>(`/api/v1/export/job/${jobId}`),
  /**
   * Live progress: SSE from GET /job/{id}/events (job.progress / job.status carry the job view); when the stream
   * is unavailable or drops before a final state, falls back to polling GET /job/{id} every second.
   */
  follow(jobId: string, onJob: (job: ExportJob) => void): () => void {
    const controller = new AbortController();
    let last: ExportJob | undefined;
    const finished = () => !!last && last.status !== "pending" && last.status !== "processing";
    const emit = (job: ExportJob) => {
      last = job;
      onJob(job);
    };
    void (async () => {
      try {
        await readSse(
          `/api/v1/export/job/${jobId}/events`,
          (e) => e.data && (e.event === "job.status" || e.event === "job.progress") && emit(JSON.parse(e.data)),
          { signal: controller.signal },
        );
      } catch {
        /* fall back to polling */
      }
      while (!controller.signal.aborted && !finished()) {
        try {
          emit(await exportsApi.job(jobId));
        } catch {
          /* keep trying */
        }
        if (!finished()) await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    return () => controller.abort();
  },
  /** Resolves the 302 of /download/{id} to the signed file URL (fetch follows it; the file route needs no token). */
  async downloadUrl(jobId: string): Promise<string> {
    const response = await api.fetch(`/api/v1/export/download/${jobId}`, { redirect: "follow" });
    if (response.status === 410) throw new Error(t("download.expired"));
    if (!response.ok) throw new Error(t("download.failed", { status: response.status }));
    return URL.createObjectURL(await response.blob());
  },
};
