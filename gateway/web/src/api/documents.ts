import { t } from "../i18n";
import { newIdempotencyKey } from "../sync/clock";
import type { Json } from "../sync/mergePatch";
import {
  classifyPatchResponse,
  type GetResult,
  type PatchResult,
  type ServerDoc,
  type SyncTransport,
} from "../sync/transport";
import { api, type ApiClient } from "./client";
import { readSse } from "./sse";

export type DocType = "resume" | "cover_letter";

export interface DocumentSummary {
  id: string;
  type: DocType;
  title: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string | null;
  purgeAt?: string | null;
}

export interface DocumentFull extends DocumentSummary {
  data: Json;
}

export const emptyResume = (name: string): Json => ({
  profile: { name, links: [] },
  work: [],
  education: [],
  skills: [],
  projects: [],
  certifications: [],
  languages: [],
  customSections: [],
});

export const emptyCoverLetter = (name: string): Json => ({
  sender: { name, links: [] },
  recipient: {},
  paragraphs: [],
});

export const documentsApi = {
  list: (type?: DocType) =>
    api.json<{ items: DocumentSummary[]; nextCursor?: string }>(
      `/api/v1/documents?limit=100${type ? `&type=${type}` : ""}`,
    ),
  /** Trashed documents (deletedAt, purgeAt), newest first: GET /documents?trashed=true. */
  listTrashed: (type?: DocType, cursor?: string) =>
    api.json<{ items: DocumentSummary[]; nextCursor?: string | null }>(
      `/api/v1/documents?trashed=true&limit=100${type ? `&type=${type}` : ""}` +
        `${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    ),
  get: (id: string) => api.json<DocumentFull>(`/api/v1/documents/${id}`),
  create: (type: DocType, title: string, data: Json) =>
    api.json<DocumentFull>("/api/v1/documents", {
      method: "POST",
      json: { type, title, data },
      headers: { "Idempotency-Key": newIdempotencyKey() },
    }),
  trash: (id: string) => api.json<void>(`/api/v1/documents/${id}`, { method: "DELETE" }),
  restore: (id: string) => api.json<DocumentFull>(`/api/v1/documents/${id}/restore`, { method: "POST" }),
  rename: async (id: string, title: string) => {
    const current = await documentsApi.get(id);
    return api.json<DocumentFull>(`/api/v1/documents/${id}`, {
      method: "PATCH",
      body: JSON.stringify({ title }),
      headers: { "Content-Type": "application/merge-patch+json", "If-Match": `"${current.version}"` },
    });
  },
};

/** The sync engine's transport over HTTP: PATCH with merge patch, If-Match and Idempotency-Key. */
export class HttpSyncTransport implements SyncTransport {
  constructor(private readonly client: ApiClient = api) {}

  async patch(docId: string, patch: Json, ifMatch: number, idempotencyKey: string): Promise<PatchResult> {
    let response: Response;
    try {
      response = await this.client.fetch(`/api/v1/documents/${docId}`, {
        method: "PATCH",
        body: JSON.stringify(patch),
        headers: {
          "Content-Type": "application/merge-patch+json",
          "If-Match": `"${ifMatch}"`,
          "Idempotency-Key": idempotencyKey,
        },
      });
    } catch (e) {
      return { kind: "transient", offline: true, message: e instanceof Error ? e.message : t("sync.networkError") };
    }
    // A 401 that survived a refresh attempt: the session is gone; keep the queue, it drains after sign-in.
    if (response.status === 401)
      return { kind: "transient", offline: false, retryAfterMs: 30_000, message: t("sync.signedOut") };
    return classifyPatchResponse(response);
  }

  async get(docId: string): Promise<GetResult> {
    try {
      const response = await this.client.fetch(`/api/v1/documents/${docId}`);
      if (!response.ok) return { kind: "error", message: `HTTP ${response.status}` };
      return { kind: "ok", doc: (await response.json()) as ServerDoc };
    } catch (e) {
      return { kind: "error", message: e instanceof Error ? e.message : t("sync.networkError") };
    }
  }
}

/**
 * Follows GET /documents/{id}/events with fetch streaming (EventSource cannot send the bearer token).
 * Reconnects with Last-Event-ID after the server's retry interval. Returns a stop function.
 */
export function followDocumentEvents(
  id: string,
  onVersion: (version: number) => void,
  onDeleted?: () => void,
  client: ApiClient = api,
): () => void {
  const controller = new AbortController();
  let lastEventId: string | undefined;
  let retryMs = 3000;
  let ended = false;
  const run = async () => {
    while (!controller.signal.aborted && !ended) {
      try {
        await readSse(
          `/api/v1/documents/${id}/events`,
          (event) => {
            if (event.retry) retryMs = event.retry;
            if (event.id) lastEventId = event.id;
            if (event.event === "document.updated" && event.data) onVersion(JSON.parse(event.data).version);
            if (event.event === "document.deleted") {
              ended = true;
              onDeleted?.();
            }
          },
          { signal: controller.signal, lastEventId, client },
        );
      } catch (e) {
        if (controller.signal.aborted || (e as { status?: number }).status === 404) return;
      }
      await new Promise((r) => setTimeout(r, retryMs));
    }
  };
  void run();
  return () => controller.abort();
}

export { parseSseBlock } from "./sse";
