/**
 * Time-to-live caches: in memory (AI answers, 5 minutes) and in Web Storage under versioned keys (templates, 1 hour).
 */

export const AI_CACHE_TTL_MS = 5 * 60_000;
export const TEMPLATES_TTL_MS = 60 * 60_000;
/** Bump when the stored shape changes: older entries are ignored and removed. */
export const STORAGE_SCHEMA = "v2";

export class TtlCache<V> {
  private entries = new Map<string, { value: V; expiresAt: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => Date.now(),
    private readonly maxEntries = 100,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V) {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size() {
    return this.entries.size;
  }

  clear() {
    this.entries.clear();
  }
}

/** A stable cache key for a request (feature + normalised body). */
export function requestKey(feature: string, body: unknown): string {
  return `${feature}:${JSON.stringify(body, Object.keys(flatKeys(body)).sort())}`;
}

function flatKeys(value: unknown, into: Record<string, true> = {}): Record<string, true> {
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      into[k] = true;
      flatKeys(v, into);
    }
  }
  return into;
}

/**
 * A value in Web Storage under `rp:<schema>:<name>` with a time of storage. Reads ignore expired entries and entries of
 * another schema version (and remove stale versions of the same name).
 */
export class StoredCache<V> {
  constructor(
    private readonly name: string,
    private readonly ttlMs: number,
    private readonly storage: Storage | undefined = globalThis.sessionStorage,
    private readonly now: () => number = () => Date.now(),
    private readonly schema = STORAGE_SCHEMA,
  ) {}

  get key() {
    return `rp:${this.schema}:${this.name}`;
  }

  read(): V | undefined {
    if (!this.storage) return undefined;
    this.removeOtherVersions();
    try {
      const raw = this.storage.getItem(this.key);
      if (!raw) return undefined;
      const entry = JSON.parse(raw) as { at: number; value: V };
      if (typeof entry?.at !== "number" || this.now() - entry.at >= this.ttlMs) {
        this.storage.removeItem(this.key);
        return undefined;
      }
      return entry.value;
    } catch {
      return undefined;
    }
  }

  write(value: V) {
    try {
      this.storage?.setItem(this.key, JSON.stringify({ at: this.now(), value }));
    } catch {
      /* storage full or unavailable: the cache is only an optimisation */
    }
  }

  clear() {
    this.storage?.removeItem(this.key);
  }

  private removeOtherVersions() {
    const storage = this.storage!;
    const stale: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k && k.startsWith("rp:") && k.endsWith(`:${this.name}`) && k !== this.key) stale.push(k);
    }
    stale.forEach((k) => storage.removeItem(k));
  }
}
