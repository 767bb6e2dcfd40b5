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
}

export interface ExportJob {
  jobId: string;
  status: "pending" | "processing" | "completed" | "failed" | "cancelled" | "dead_letter";
  progress?: number;
  attempts?: number;
  maxAttempts?: number;
  error?: string | null;
  downloadUrl?: string | null;
}

const TEMPLATE_CACHE_KEY = "rp:v1:templates";
const HOUR = 3_600_000;

export const exportsApi = {
  /** Templates, cached in sessionStorage for an hour (versioned key). */
  async templates(): Promise<Template[]> {
    try {
      const cached = JSON.parse(sessionStorage.getItem(TEMPLATE_CACHE_KEY) ?? "null") as { at: number; items: Template[] } | null;
      if (cached && Date.now() - cached.at < HOUR) return cached.items;
    } catch {
      /* no cache */
    }
    const items = await api.json<Template[]>("/api/v1/templates");
    try {
      sessionStorage.setItem(TEMPLATE_CACHE_KEY, JSON.stringify({ at: Date.now(), items }));
    } catch {
      /* storage full or unavailable */
    }
    return items;
  },
  async preview(templateId: string, pageSize: string, doc: { type: string; title: string; data: unknown }, signal?: AbortSignal): Promise<string> {
    const response = await api.fetch(`/api/v1/templates/${encodeURIComponent(templateId)}/preview?pageSize=${pageSize}`, {
      method: "POST",
      body: JSON.stringify(doc),
      signal,
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body.title ?? `Preview failed (${response.status})`);
    }
    return response.text();
  },
  start: (documentId: string, templateId: string, pageSize: string, version?: number) =>
    api.json<ExportJob>("/api/v1/export/pdf", {
      method: "POST",
      json: { documentId, templateId, pageSize, version },
      headers: { "Idempotency-Key": newIdempotencyKey() },
    }),
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
        await readSse(`/api/v1/export/job/${jobId}/events`, (e) => e.data && (e.event === "job.status" || e.event === "job.progress") && emit(JSON.parse(e.data)), { signal: controller.signal });
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
    if (!response.ok) throw new Error(`Download failed (${response.status})`);
    return URL.createObjectURL(await response.blob());
  },
};
