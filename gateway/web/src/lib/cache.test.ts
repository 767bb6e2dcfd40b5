import { describe, expect, it } from "vitest";
import { AI_CACHE_TTL_MS, StoredCache, TEMPLATES_TTL_MS, TtlCache, requestKey } from "./cache";
import { MemoryStorage } from "./memoryStorage";

describe("in-memory TTL cache (AI answers)", () => {
  it("keeps an answer for exactly 5 minutes", () => {
    let now = 1_000;
    const cache = new TtlCache<string>(AI_CACHE_TTL_MS, () => now);
    cache.set("k", "answer");
    now += AI_CACHE_TTL_MS - 1;
    expect(cache.get("k")).toBe("answer");
    now += 1;
    expect(cache.get("k")).toBeUndefined();
    expect(cache.size).toBe(0);
  });
  it("evicts the oldest entry beyond its capacity", () => {
    const cache = new TtlCache<number>(AI_CACHE_TTL_MS, () => 0, 2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toBe(3);
  });
  it("keys requests by feature and body regardless of property order", () => {
    expect(requestKey("tailor", { a: 1, b: { c: 2, d: 3 } })).toBe(requestKey("tailor", { b: { d: 3, c: 2 }, a: 1 }));
    expect(requestKey("tailor", { a: 1 })).not.toBe(requestKey("enhance", { a: 1 }));
    expect(requestKey("enhance", { text: "x" })).not.toBe(requestKey("enhance", { text: "y" }));
  });
});

describe("stored cache (templates in sessionStorage)", () => {
  it("serves the stored value for an hour, then forgets it", () => {
    let now = 0;
    const storage = new MemoryStorage();
    const cache = new StoredCache<string[]>("templates", TEMPLATES_TTL_MS, storage, () => now);
    cache.write(["ats"]);
    expect(storage.getItem(cache.key)).toContain("ats");
    now = TEMPLATES_TTL_MS - 1;
    expect(cache.read()).toEqual(["ats"]);
    now = TEMPLATES_TTL_MS;
    expect(cache.read()).toBeUndefined();
    expect(storage.getItem(cache.key)).toBeNull();
  });
  it("uses versioned keys: another schema's entry is ignored and removed", () => {
    const storage = new MemoryStorage();
    storage.setItem("rp:v1:templates", JSON.stringify({ at: 0, items: ["old shape"] }));
    storage.setItem("rp:v1:session", "keep me");
    const v2 = new StoredCache<string[]>("templates", TEMPLATES_TTL_MS, storage, () => 0, "v2");
    expect(v2.key).toBe("rp:v2:templates");
    expect(v2.read()).toBeUndefined();
    expect(storage.getItem("rp:v1:templates")).toBeNull();
    expect(storage.getItem("rp:v1:session")).toBe("keep me");
    v2.write(["new"]);
    const v3 = new StoredCache<string[]>("templates", TEMPLATES_TTL_MS, storage, () => 0, "v3");
    expect(v3.read()).toBeUndefined();
    expect(storage.getItem("rp:v2:templates")).toBeNull();
  });
  it("treats unreadable entries as absent", () => {
    const storage = new MemoryStorage();
    const cache = new StoredCache<number>("x", 1000, storage, () => 0);
    storage.setItem(cache.key, "{not json");
    expect(cache.read()).toBeUndefined();
  });
});
