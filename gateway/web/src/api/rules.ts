import { StoredCache } from "../lib/cache";
import { api, toError, type ApiClient } from "./client";
import type { DocType } from "./documents";

/** One field's rule as the documents service serves it (GET /api/v1/documents/rules); absent = no such rule. */
export interface FieldRule {
  required?: boolean;
  notBlank?: boolean;
  maxLength?: number;
  maxItems?: number;
  /** A key of DocumentRules.formats: "partial-date", "http-url", "email". */
  format?: string;
  oneOf?: string[];
  /** A sibling field this one must not be before (end dates). */
  notBefore?: string;
}

/** Field path (`data.work[].startDate`, `[]` = every entry; `title`) → rule. */
export type FieldRules = Record<string, FieldRule>;

export interface DocumentRules {
  formats: Record<string, string>;
  types: Record<DocType, FieldRules>;
}

interface Stored {
  etag: string | null;
  rules: DocumentRules;
}

// A week: the copy is revalidated (If-None-Match) on every start anyway; it only has to outlive a spell offline.
const RULES_TTL_MS = 7 * 24 * 60 * 60_000;
export const rulesCache = new StoredCache<Stored>("document-rules", RULES_TTL_MS, globalThis.localStorage);

/**
 * The server's field rules: the stored copy while it is still current (304), else the new one. Throws when the
 * server cannot be asked; callers keep the stored copy then.
 */
export async function fetchRules(
  client: ApiClient = api,
  cache: StoredCache<Stored> = rulesCache,
): Promise<DocumentRules> {
  const stored = cache.read();
  const headers: Record<string, string> = stored?.etag ? { "If-None-Match": stored.etag } : {};
  const response = await client.fetch("/api/v1/documents/rules", { headers });
  if (response.status === 304 && stored) {
    cache.write(stored); // restarts its time to live
    return stored.rules;
  }
  if (!response.ok) throw await toError(response);
  const rules = (await response.json()) as DocumentRules;
  cache.write({ etag: response.headers.get("ETag"), rules });
  return rules;
}
