import { t } from "../i18n";
import { AI_CACHE_TTL_MS, TtlCache, requestKey } from "../lib/cache";
import { api, toError, type ApiClient } from "./client";
import { readSse } from "./sse";

export interface AiUsage {
  usedToday: number;
  dailyLimit: number;
  remaining: number;
  resetsAt: string;
}
export interface GenerateResult {
  text: string;
  section: string;
}
export interface EnhanceResult {
  text: string;
  bullets: unknown[];
}
export interface TailorResult {
  matchScore: number;
  matchedKeywords: string[];
  missingKeywords: string[];
  suggestions: string[];
}
export interface ExtractResult {
  data: Record<string, unknown>;
}
export interface CoverLetterResult {
  data: Record<string, unknown>;
}
export type AiFeature = "generate" | "enhance" | "tailor" | "extract" | "cover-letter";

export interface AiCall<T> {
  result: T;
  remaining?: number;
  cached: boolean;
}

/**
 * The AI routes with streaming (`Accept: text/event-stream`: `token` events, then `result` or `error`) and an in-memory
 * cache of answers for 5 minutes keyed by feature + request body, so asking the same thing again costs no quota.
 */
export function createAiApi(client: ApiClient = api, cache = new TtlCache<unknown>(AI_CACHE_TTL_MS)) {
  let lastRemaining: number | undefined;
  const listeners = new Set<(remaining: number) => void>();
  const noteRemaining = (r: Response) => {
    const h = r.headers.get("X-AI-Remaining-Today");
    if (h && /^\d+$/.test(h)) {
      lastRemaining = Number(h);
      listeners.forEach((l) => l(lastRemaining!));
    }
  };

  /** `fresh` (Regenerate): skips this cache and asks the server to skip its own, so the provider is always asked. */
  async function call<T>(
    feature: AiFeature,
    body: unknown,
    onToken?: (text: string) => void,
    signal?: AbortSignal,
    fresh = false,
  ): Promise<AiCall<T>> {
    const key = requestKey(feature, body);
    const hit = fresh ? undefined : (cache.get(key) as T | undefined);
    if (hit !== undefined) return { result: hit, remaining: lastRemaining, cached: true };
    let result: T | undefined;
    let failure: Error | undefined;
    await readSse(
      `/api/v1/ai/${feature}${fresh ? "?fresh=true" : ""}`,
      (e) => {
        if (!e.data) return;
        if (e.event === "token") onToken?.(JSON.parse(e.data).text ?? "");
        else if (e.event === "result") result = JSON.parse(e.data) as T;
        else if (e.event === "error") {
          const p = JSON.parse(e.data);
          failure = new Error(p.detail ?? p.title ?? t("ai.failed"));
        }
      },
      {
        client,
        signal,
        init: { method: "POST", body: JSON.stringify(body) },
        onResponse: async (r) => {
          noteRemaining(r);
          if (!r.ok) throw await toError(r);
          // A non-streamed answer (e.g. a cache hit served as JSON): read it whole.
          if (!(r.headers.get("Content-Type") ?? "").includes("text/event-stream")) {
            result = (await r.json()) as T;
            throw new NotStreamed();
          }
        },
      },
    ).catch((e) => {
      if (!(e instanceof NotStreamed)) throw e;
    });
    if (failure) throw failure;
    if (result === undefined) throw new Error(t("ai.endedEarly"));
    cache.set(key, result);
    return { result, remaining: lastRemaining, cached: false };
  }

  return {
    generate: (
      b: { documentId?: string; prompt: string; section?: string },
      onToken?: (t: string) => void,
      signal?: AbortSignal,
      fresh?: boolean,
    ) => call<GenerateResult>("generate", b, onToken, signal, fresh),
    enhance: (
      b: { text: string; style?: string },
      onToken?: (t: string) => void,
      signal?: AbortSignal,
      fresh?: boolean,
    ) => call<EnhanceResult>("enhance", b, onToken, signal, fresh),
    tailor: (
      b: { documentId: string; jobDescription: string },
      onToken?: (t: string) => void,
      signal?: AbortSignal,
      fresh?: boolean,
    ) => call<TailorResult>("tailor", b, onToken, signal, fresh),
    extract: (b: { text: string }, onToken?: (t: string) => void, signal?: AbortSignal, fresh?: boolean) =>
      call<ExtractResult>("extract", b, onToken, signal, fresh),
    coverLetter: (
      b: { documentId: string; jobDescription: string },
      onToken?: (t: string) => void,
      signal?: AbortSignal,
      fresh?: boolean,
    ) => call<CoverLetterResult>("cover-letter", b, onToken, signal, fresh),
    async usage(): Promise<AiUsage> {
      const u = await client.json<AiUsage>("/api/v1/ai/usage");
      lastRemaining = u.remaining;
      return u;
    },
    onRemaining(l: (remaining: number) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    cache,
  };
}

class NotStreamed extends Error {}

export const aiApi = createAiApi();
