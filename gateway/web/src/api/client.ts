import i18n from "../i18n";
import { parseRetryAfter } from "../lib/rateLimit";
import type { Problem } from "../sync/transport";

/** An RFC 9457 problem raised as an error (status, title, field errors). */
export class ApiError extends Error {
  constructor(readonly problem: Problem, readonly retryAfterMs?: number) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
  }
  get status() {
    return this.problem.status;
  }
}

/**
 * The access token only, kept in memory: the refresh token is an HttpOnly cookie the page's script never sees
 * (scoped to /api/v1/auth/refresh), so an injected script cannot steal a long-lived credential.
 */
export interface Tokens {
  accessToken: string;
}

/** Asks sign-in, sign-up and refresh to keep the refresh token in the HttpOnly cookie only, out of the JSON. */
export const COOKIE_TRANSPORT = { "X-Refresh-Token-Transport": "cookie" } as const;

export interface User {
  id: string;
  email: string;
  name: string;
  role?: string;
  /** The account's plan ("free" unless billing changed it); per-plan limits such as the daily AI quota follow it. */
  plan: string;
  emailVerified?: boolean;
  storageUsedBytes?: number;
  aiQuota?: { usedToday: number; dailyLimit: number; remaining: number; resetsAt: string } | null;
}

type TokenListener = (tokens: Tokens | null) => void;

/**
 * Fetch with the access token; a 401 refreshes once (rotating refresh token in the cookie, one refresh at a time for
 * all callers and, through a Web Lock, for all tabs: two tabs presenting the same cookie at once would look like a
 * stolen token and end the session) and repeats the request. When the refresh fails the session is over.
 */
export class ApiClient {
  private tokens: Tokens | null = null;
  private refreshing?: Promise<boolean>;
  private listeners = new Set<TokenListener>();
  /** A session is believed to exist (the app started offline): a 401 tries the refresh cookie even without a token. */
  sessionHint = false;

  constructor(private readonly baseUrl = "") {}

  setTokens(tokens: Tokens | null) {
    this.tokens = tokens;
    if (!tokens) this.sessionHint = false;
    for (const l of this.listeners) l(tokens);
  }
  getTokens() {
    return this.tokens;
  }
  onTokens(listener: TokenListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async fetch(path: string, init: RequestInit = {}, retried = false): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.tokens) headers.set("Authorization", `Bearer ${this.tokens.accessToken}`);
    // The services answer their texts (problems, score reasons, history summaries, job stages) in the UI's language;
    // event streams are fetched through here too, so they carry it as well.
    if (!headers.has("Accept-Language")) headers.set("Accept-Language", uiLanguage());
    if (init.body && !(init.body instanceof FormData) && !headers.has("Content-Type"))
      headers.set("Content-Type", "application/json");
    // no-store: documents carry ETags, and a heuristically cached GET would hand the editor an old version
    const response = await fetch(this.baseUrl + path, { cache: "no-store", ...init, headers });
    if (
      response.status === 401 &&
      (this.tokens || this.sessionHint) &&
      !retried &&
      !/^\/api\/v1\/auth\/(refresh|login|register)\b/.test(path)
    ) {
      if (await this.refresh()) return this.fetch(path, init, true);
    }
    return response;
  }

  /** JSON in, JSON out; non-2xx answers throw ApiError. */
  async json<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
    const { json, ...rest } = init;
    const response = await this.fetch(path, json === undefined ? rest : { ...rest, body: JSON.stringify(json) });
    if (!response.ok) throw await toError(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** New access token from the refresh cookie; false when there is no session (401) or the network is down. */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = withRefreshLock(async () => {
        try {
          const response = await fetch(this.baseUrl + "/api/v1/auth/refresh", {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", ...COOKIE_TRANSPORT },
            body: "{}",
          });
          if (!response.ok) {
            if (response.status === 401 || response.status === 400) this.setTokens(null);
            return false;
          }
          const body = (await response.json()) as Tokens;
          this.setTokens({ accessToken: body.accessToken });
          return true;
        } catch {
          return false;
        }
      }).finally(() => (this.refreshing = undefined));
    }
    return this.refreshing;
  }
}

/** The language the UI shows, which the services answer in (English unless German is chosen). */
export function uiLanguage(): string {
  return i18n.resolvedLanguage ?? i18n.language ?? "en";
}

/** Runs one refresh at a time across this origin's tabs where the browser has Web Locks (all current ones do). */
function withRefreshLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? locks.request("rp-refresh", run) : run();
}

export async function toError(response: Response): Promise<ApiError> {
  const body = await response.json().catch(() => ({}));
  const retry = response.headers.get("Retry-After");
  return new ApiError(
    {
      status: response.status,
      title: body.title ?? response.statusText ?? `HTTP ${response.status}`,
      detail: body.detail,
      errors: body.errors,
    },
    parseRetryAfter(retry),
  );
}

export const api = new ApiClient();
