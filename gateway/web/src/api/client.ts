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

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

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
 * Fetch with the access token; a 401 refreshes once (rotating refresh token, one refresh at a time for all callers)
 * and repeats the request. When the refresh fails the session is over (tokens cleared → sign-in screen).
 */
export class ApiClient {
  private tokens: Tokens | null = null;
  private refreshing?: Promise<boolean>;
  private listeners = new Set<TokenListener>();

  constructor(private readonly baseUrl = "") {}

  setTokens(tokens: Tokens | null) {
    this.tokens = tokens;
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
    if (init.body && !(init.body instanceof FormData) && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    // no-store: documents carry ETags, and a heuristically cached GET would hand the editor an old version
    const response = await fetch(this.baseUrl + path, { cache: "no-store", ...init, headers });
    if (response.status === 401 && this.tokens && !retried && !path.startsWith("/api/v1/auth/refresh")) {
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

  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const current = this.tokens;
        if (!current) return false;
        try {
          const response = await fetch(this.baseUrl + "/api/v1/auth/refresh", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ refreshToken: current.refreshToken }),
          });
          if (!response.ok) {
            if (response.status === 401) this.setTokens(null);
            return false;
          }
          const body = (await response.json()) as Tokens;
          this.setTokens({ accessToken: body.accessToken, refreshToken: body.refreshToken });
          return true;
        } catch {
          return false;
        }
      })().finally(() => (this.refreshing = undefined));
    }
    return this.refreshing;
  }
}

export async function toError(response: Response): Promise<ApiError> {
  const body = await response.json().catch(() => ({}));
  const retry = response.headers.get("Retry-After");
  return new ApiError(
    { status: response.status, title: body.title ?? response.statusText ?? `HTTP ${response.status}`, detail: body.detail, errors: body.errors },
    parseRetryAfter(retry),
  );
}

export const api = new ApiClient();
