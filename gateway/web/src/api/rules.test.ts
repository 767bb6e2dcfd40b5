import { afterEach, describe, expect, it, vi } from "vitest";
import { StoredCache } from "../lib/cache";
import { MemoryStorage } from "../lib/memoryStorage";
import { createRulesStore } from "../stores/rulesStore";
import served from "../components/testdata/document-rules.json";
import { ApiClient } from "./client";
import { fetchRules, type DocumentRules } from "./rules";

const rules = served as unknown as DocumentRules;
const cache = () =>
  new StoredCache<{ etag: string | null; rules: DocumentRules }>("document-rules", 60_000, new MemoryStorage());

function serve(...answers: Response[]) {
  const calls: Headers[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (_url: string, init: RequestInit) => {
      calls.push(new Headers(init.headers));
      return answers.shift() ?? Response.error();
    }),
  );
  return calls;
}
const json = (body: unknown, etag: string) =>
  new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json", ETag: etag } });

afterEach(() => vi.unstubAllGlobals());

describe("served field rules", () => {
  it("are stored with their ETag and revalidated with If-None-Match", async () => {
    const stored = cache();
    const calls = serve(
      json(rules, '"abc"'),
      new Response(null, { status: 304 }),
      json({ ...rules, formats: {} }, '"def"'),
    );
    const client = new ApiClient();

    expect(await fetchRules(client, stored)).toEqual(rules);
    expect(calls[0].has("If-None-Match")).toBe(false);
    expect(await fetchRules(client, stored)).toEqual(rules); // 304: the stored copy
    expect(calls[1].get("If-None-Match")).toBe('"abc"');
    expect((await fetchRules(client, stored)).formats).toEqual({}); // changed on the server
    expect(stored.read()?.etag).toBe('"def"');
  });

  it("throw on a refused request, so the caller keeps what it has", async () => {
    serve(new Response(JSON.stringify({ title: "Unauthorized", status: 401 }), { status: 401 }));
    await expect(fetchRules(new ApiClient(), cache())).rejects.toMatchObject({ status: 401 });
  });

  it("start from the stored copy, load once, and are asked for again after a failure", async () => {
    const fetch = vi
      .fn<() => Promise<DocumentRules>>()
      .mockRejectedValueOnce(new TypeError("offline"))
      .mockResolvedValue(rules);
    const store = createRulesStore(fetch, () => undefined);
    expect(store.getState().rules).toBeNull(); // nothing stored: no client-side checks yet
    await store.getState().load();
    expect(store.getState().rules).toBeNull();
    await Promise.all([store.getState().load(), store.getState().load()]);
    await store.getState().load();
    expect(store.getState().rules).toBe(rules);
    expect(fetch).toHaveBeenCalledTimes(2);

    const offline = createRulesStore(() => Promise.reject(new TypeError("offline")), () => rules);
    await offline.getState().load();
    expect(offline.getState().rules).toBe(rules);
  });
});
