import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiClient, type User } from "../api/client";
import { createAuthStore, knownUserId } from "./authStore";

class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  dump() {
    return JSON.stringify(Object.fromEntries(this.map));
  }
}

const user: User = { id: "u1", email: "a@example.com", name: "Ann", plan: "free" };
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("auth tokens", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("keeps no token in storage and asks for the refresh token as a cookie only", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return url.endsWith("/login") ? json({ accessToken: "access-1", user }) : json(user);
    });
    const storage = new MemoryStorage();
    storage.setItem("rp:v1:session", JSON.stringify({ accessToken: "old", refreshToken: "old-refresh" }));
    const client = new ApiClient();
    const store = createAuthStore(client, storage);

    await store.getState().login("a@example.com", "correct-horse-battery-1");

    const login = calls.find((c) => c.url.endsWith("/login"))!;
    expect(new Headers(login.init.headers).get("X-Refresh-Token-Transport")).toBe("cookie");
    expect(client.getTokens()).toEqual({ accessToken: "access-1" });
    expect(storage.dump()).not.toContain("access-1");
    expect(knownUserId(storage)).toBe("u1"); // which offline queue to open, not a credential
    expect(store.getState().status).toBe("signed-in");
  });

  it("restores a session from the cookie: one refresh with no token in its body, then /me; " +
    "old stored tokens are dropped", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return url.endsWith("/refresh") ? json({ accessToken: "access-2" }) : json(user);
    });
    const storage = new MemoryStorage();
    storage.setItem("rp:v1:session", JSON.stringify({ accessToken: "old", refreshToken: "old-refresh" }));
    storage.setItem("rp:v1:user", JSON.stringify({ id: "u1" }));
    const client = new ApiClient();
    const store = createAuthStore(client, storage);

    await store.getState().restore();

    const refresh = calls[0];
    expect(refresh.url).toBe("/api/v1/auth/refresh");
    expect(refresh.init.body).toBe("{}");
    expect(refresh.init.credentials).toBe("same-origin");
    expect(storage.getItem("rp:v1:session")).toBeNull();
    expect(store.getState()).toMatchObject({ status: "signed-in", user });
    expect(new Headers(calls[1].init.headers).get("Authorization")).toBe("Bearer access-2");
  });

  it("is signed out when the cookie is gone or dead", async () => {
    vi.stubGlobal("fetch", async () => json({ title: "Invalid refresh token", status: 401 }, 401));
    const storage = new MemoryStorage();
    storage.setItem("rp:v1:user", JSON.stringify({ id: "u1" }));
    const store = createAuthStore(new ApiClient(), storage);

    await store.getState().restore();

    expect(store.getState().status).toBe("signed-out");
    expect(knownUserId(storage)).toBeUndefined();
  });

  it("does not ask for a refresh when nobody signed in on this browser", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const store = createAuthStore(new ApiClient(), new MemoryStorage());

    await store.getState().restore();

    expect(store.getState().status).toBe("signed-out");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("refreshes once for many callers after a 401 and repeats the request", async () => {
    let refreshes = 0;
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      if (url.endsWith("/refresh")) {
        refreshes++;
        return json({ accessToken: "fresh" });
      }
      const auth = new Headers(init.headers).get("Authorization");
      return auth === "Bearer fresh" ? json(user) : json({ title: "Unauthorized", status: 401 }, 401);
    });
    const client = new ApiClient();
    client.setTokens({ accessToken: "expired" });

    const answers = await Promise.all([1, 2, 3].map(() => client.json<User>("/api/v1/auth/me")));

    expect(answers.map((a) => a.id)).toEqual(["u1", "u1", "u1"]);
    expect(refreshes).toBe(1);
  });
});
