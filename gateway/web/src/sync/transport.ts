import type { Json } from "./mergePatch";

export interface ServerDoc {
  id: string;
  type: string;
  title: string;
  data: Json;
  version: number;
}

export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: Record<string, string[]>;
}

export type PatchResult =
  | { kind: "ok"; doc: ServerDoc }
  | { kind: "conflict"; current: ServerDoc }
  | { kind: "transient"; offline: boolean; retryAfterMs?: number; message: string }
  | { kind: "rejected"; problem: Problem };

export type GetResult = { kind: "ok"; doc: ServerDoc } | { kind: "error"; message: string };

/** What the sync engine needs from the network (HTTP in the app, a fake in tests). */
export interface SyncTransport {
  patch(docId: string, patch: Json, ifMatch: number, idempotencyKey: string): Promise<PatchResult>;
  get(docId: string): Promise<GetResult>;
}

/** Classifies an HTTP answer to a PATCH the way the sync engine needs it. */
export async function classifyPatchResponse(response: Response, now: () => number = Date.now): Promise<PatchResult> {
  const body = await response.json().catch(() => undefined);
  if (response.ok) return { kind: "ok", doc: body as ServerDoc };
  if (response.status === 409 && body?.current) return { kind: "conflict", current: body.current as ServerDoc };
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    return {
      kind: "transient",
      offline: false,
      retryAfterMs: parseRetryAfter(response.headers.get("Retry-After"), now),
      message: body?.title ?? `HTTP ${response.status}`,
    };
  }
  return {
    kind: "rejected",
    problem: {
      status: response.status,
      title: body?.title ?? `HTTP ${response.status}`,
      detail: body?.detail,
      errors: body?.errors,
    },
  };
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: () => number = Date.now): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now());
}
