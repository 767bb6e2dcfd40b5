import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Clock } from "./clock";
import { backoffDelay } from "./clock";
import { DocumentSync, type Envelope, type SyncState } from "./documentSync";
import { applyMergePatch, type Json } from "./mergePatch";
import { IdbQueueStorage, MemoryQueueStorage, type QueueStorage } from "./queueStorage";
import type { GetResult, PatchResult, ServerDoc, SyncTransport } from "./transport";
import { classifyPatchResponse, parseRetryAfter } from "./transport";

/** A fake server that applies patches with If-Match like the documents service. */
class FakeServer implements SyncTransport {
  doc: ServerDoc;
  calls: { patch: Json; ifMatch: number; key: string; at: number }[] = [];
  /** Answers to give before behaving normally (the first N requests). */
  script: (PatchResult | "apply-then-network-error")[] = [];
  constructor(data: Json = { profile: { name: "Ada" } }) {
    this.doc = { id: "d1", type: "resume", title: "CV", data, version: 1 };
  }
  async patch(_docId: string, patch: Json, ifMatch: number, key: string): Promise<PatchResult> {
    this.calls.push({ patch, ifMatch, key, at: Date.now() });
    const scripted = this.script.shift();
    if (scripted && scripted !== "apply-then-network-error") return scripted;
    if (ifMatch !== this.doc.version) return { kind: "conflict", current: structuredClone(this.doc) };
    const next = applyMergePatch({ title: this.doc.title, data: this.doc.data }, patch) as {
      title: string;
      data: Json;
    };
    this.doc = { ...this.doc, title: next.title, data: next.data, version: this.doc.version + 1 };
    if (scripted === "apply-then-network-error")
      return { kind: "transient", offline: true, message: "Failed to fetch" };
    return { kind: "ok", doc: structuredClone(this.doc) };
  }
  async get(): Promise<GetResult> {
    return { kind: "ok", doc: structuredClone(this.doc) };
  }
  /** Another device writes. */
  foreignWrite(patch: Json) {
    const next = applyMergePatch({ title: this.doc.title, data: this.doc.data }, patch) as {
      title: string;
      data: Json;
    };
    this.doc = { ...this.doc, ...next, version: this.doc.version + 1 };
  }
}

const fixedClock = (random = 0.5): Clock => ({
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  random: () => random,
});

function withName(local: Envelope, name: string): Envelope {
  const data = structuredClone(local.data) as { profile: { name: string } };
  data.profile.name = name;
  return { ...local, data: data as unknown as Json };
}

async function setup(opts: { storage?: QueueStorage; server?: FakeServer; random?: number } = {}) {
  const server = opts.server ?? new FakeServer();
  const storage = opts.storage ?? new MemoryQueueStorage();
  const states: SyncState[] = [];
  const replaced: Envelope[] = [];
  const sync = new DocumentSync({
    docId: "d1", storage, transport: server, clock: fixedClock(opts.random), debounceMs: 2000,
    onState: (s) => states.push(s), onReplaced: (l) => replaced.push(l),
  });
  const local = await sync.start(await server.get().then((r) => (r.kind === "ok" ? r.doc : undefined)));
  return { server, storage, sync, states, replaced, local };
}

// setImmediate stays real: fake-indexeddb schedules its work with it.
beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] }));
afterEach(() => vi.useRealTimers());

describe("DocumentSync", () => {
  it("persists each change before sending and debounces edits into one PATCH with If-Match", async () => {
    const { server, storage, sync, local } = await setup();
    await sync.change(withName(local, "A"));
    await sync.change(withName(local, "Ad"));
    await sync.change(withName(local, "Ada L"));
    expect((await storage.ops("d1")).length).toBe(3);
    expect(sync.state.status).toBe("pending");
    expect(sync.state.pending).toBe(3);
    await vi.advanceTimersByTimeAsync(1999);
    expect(server.calls.length).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await sync.idle();
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].ifMatch).toBe(1);
    expect(server.calls[0].patch).toEqual({ data: { profile: { name: "Ada L" } } });
    expect(server.doc.version).toBe(2);
    expect(sync.state).toMatchObject({ status: "saved", pending: 0, version: 2 });
    expect(await storage.ops("d1")).toHaveLength(0);
  });

  it("retries transient failures with exponential backoff and full jitter, reusing the idempotency key", async () => {
    const { server, sync, local } = await setup({ random: 0.5 });
    server.script = [
      { kind: "transient", offline: false, message: "503" },
      { kind: "transient", offline: false, message: "503" },
      { kind: "transient", offline: true, message: "Failed to fetch" },
    ];
    await sync.change(withName(local, "Grace"));
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.calls).toHaveLength(1);
    // attempt 0 → 0.5 × 1000 ms; attempt 1 → 0.5 × 2000; attempt 2 → 0.5 × 4000
    await vi.advanceTimersByTimeAsync(499);
    expect(server.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(server.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(3);
    expect(sync.state.status).toBe("offline");
    await vi.advanceTimersByTimeAsync(2000);
    await sync.idle();
    expect(server.calls).toHaveLength(4);
    expect(new Set(server.calls.map((c) => c.key)).size).toBe(1);
    expect(server.calls.every((c) => c.ifMatch === 1)).toBe(true);
    expect(sync.state.status).toBe("saved");
    expect((server.doc.data as { profile: { name: string } }).profile.name).toBe("Grace");
  });

  it("saves the rest of the document while an incomplete entry stays queued on this device, " +
    "across a reload", async () => {
    const storage = new MemoryQueueStorage();
    const server = new FakeServer({ profile: { name: "Ada", links: [] } });
    // Stand-in for the served rules: a link needs its URL.
    const holdBack = (local: Envelope) => {
      const data = structuredClone(local.data) as { profile: { links?: { url?: string }[] } };
      const links = data.profile.links ?? [];
      const held = links.flatMap((l, i) => (l.url ? [] : [`data.profile.links.${i}`]));
      if (data.profile.links) data.profile.links = links.filter((l) => l.url);
      return { value: { ...local, data: data as unknown as Json }, held };
    };
    const open = async () => {
      const sync = new DocumentSync({
        docId: "d1",
        storage,
        transport: server,
        clock: fixedClock(),
        debounceMs: 2000,
        holdBack,
      });
      const local = await sync.start(server.doc);
      return { sync, local };
    };
    const first = await open();
    const withLink = { ...first.local, data: { profile: { name: "Ada", links: [{}] } } };
    await first.sync.change(withLink);
    await vi.advanceTimersByTimeAsync(2000);
    await first.sync.idle();
    expect(server.calls).toHaveLength(0); // only the empty link changed: nothing to send
    expect(first.sync.state).toMatchObject({ status: "saved", pending: 0, held: ["data.profile.links.0"] });

    const typed = { ...withLink, data: { profile: { name: "Ada", headline: "Engineer", links: [{ label: "Git" }] } } };
    await first.sync.change(typed);
    expect(first.sync.state.status).toBe("pending");
    await vi.advanceTimersByTimeAsync(2000);
    await first.sync.idle();
    expect(server.calls.map((c) => c.patch)).toEqual([{ data: { profile: { headline: "Engineer" } } }]);
    expect(first.sync.state).toMatchObject({ status: "saved", pending: 0, version: 2 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.calls).toHaveLength(1); // the draft alone is never sent again
    first.sync.dispose();

    const reloaded = await open();
    expect(reloaded.local.data).toEqual(typed.data);
    await vi.advanceTimersByTimeAsync(0);
    await reloaded.sync.idle();
    expect(reloaded.sync.state).toMatchObject({ status: "saved", held: ["data.profile.links.0"] });

    const complete = {
      ...typed,
      data: { profile: { name: "Ada", headline: "Engineer", links: [{ label: "Git", url: "https://g.example" }] } },
    };
    await reloaded.sync.change(complete);
    await vi.advanceTimersByTimeAsync(2000);
    await reloaded.sync.idle();
    expect(server.doc.data).toEqual(complete.data);
    expect(reloaded.sync.state).toMatchObject({ status: "saved", held: [] });
    expect(await storage.ops("d1")).toHaveLength(0);
  });

  it("backoff delay is uniform below min(cap, base·2^n)", () => {
    expect(backoffDelay(0, () => 0.999)).toBe(999);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(20, () => 0.999)).toBe(59_940);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });

  it("honours Retry-After on 429", async () => {
    const { server, sync, local } = await setup({ random: 0 });
    server.script = [{ kind: "transient", offline: false, retryAfterMs: 40_000, message: "Too many requests" }];
    await sync.change(withName(local, "Rate"));
    await vi.advanceTimersByTimeAsync(2000);
    expect(sync.state.retry?.message).toBe("Too many requests");
    await vi.advanceTimersByTimeAsync(39_999);
    expect(server.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await sync.idle();
    expect(server.calls).toHaveLength(2);
    expect(sync.state.status).toBe("saved");
  });

  it("a write that landed but whose answer was lost is not applied twice " +
    "(409 containing it counts as saved)", async () => {
    const { server, sync, local } = await setup({ random: 0 });
    server.script = ["apply-then-network-error"];
    await sync.change(withName(local, "Once"));
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.doc.version).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    await sync.idle();
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1].key).toBe(server.calls[0].key);
    expect(server.doc.version).toBe(2); // not written again
    expect(sync.state).toMatchObject({ status: "saved", version: 2, conflict: undefined });
  });

  it("stops on 4xx, shows the error, and resumes with the next edit", async () => {
    const { server, sync, local } = await setup();
    server.script = [
      {
        kind: "rejected",
        problem: { status: 400, title: "Validation", errors: { "data.profile.email": ["Must be an email address."] } },
      },
    ];
    await sync.change(withName(local, "Bad"));
    await vi.advanceTimersByTimeAsync(2000);
    await sync.idle();
    expect(sync.state.status).toBe("failed");
    expect(sync.state.error?.errors?.["data.profile.email"]).toEqual(["Must be an email address."]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.calls).toHaveLength(1); // no automatic retry
    await sync.change(withName(local, "Fixed"));
    await vi.advanceTimersByTimeAsync(2000);
    await sync.idle();
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1].key).not.toBe(server.calls[0].key);
    expect(sync.state.status).toBe("saved");
  });

  it("opens a conflict on a foreign change and resolves keep mine / take theirs / merge", async () => {
    for (const choice of ["mine", "theirs", "merge"] as const) {
      const { server, sync, local, replaced } = await setup();
      server.foreignWrite({ title: "Theirs", data: { profile: { headline: "Engineer" } } });
      await sync.change(withName({ ...local, title: "Mine" }, "Mine Name"));
      await vi.advanceTimersByTimeAsync(2000);
      await sync.idle();
      expect(sync.state.status).toBe("conflict");
      expect(sync.state.conflict?.theirs.title).toBe("Theirs");
      expect(sync.state.conflict?.mine.title).toBe("Mine");
      if (choice === "merge") {
        const mine = sync.state.conflict!.mine;
        await sync.resolveConflict({
          merged: { title: "Theirs", data: { profile: { name: "Mine Name", headline: "Engineer" } } as Json },
        });
        expect(mine.title).toBe("Mine");
      } else {
        await sync.resolveConflict(choice);
      }
      await sync.idle();
      expect(sync.state.status).toBe("saved");
      const data = server.doc.data as { profile: { name: string; headline?: string } };
      if (choice === "mine")
        expect([server.doc.title, data.profile.name, data.profile.headline]).toEqual(["Mine", "Mine Name", undefined]);
      if (choice === "theirs")
        expect([server.doc.title, data.profile.name, data.profile.headline]).toEqual(["Theirs", "Ada", "Engineer"]);
      if (choice === "merge")
        expect([server.doc.title, data.profile.name, data.profile.headline]).toEqual([
          "Theirs",
          "Mine Name",
          "Engineer",
        ]);
      expect(replaced.at(-1)?.title).toBe(server.doc.title);
      sync.dispose();
    }
  });

  it("edits made while a request is in flight are sent next, on the new version, " +
    "without a false conflict", async () => {
    const { server, sync, local } = await setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = server.patch.bind(server);
    server.patch = async (...args) => {
      await gate;
      return original(...args);
    };
    await sync.change(withName(local, "One"));
    await vi.advanceTimersByTimeAsync(2000);
    expect(sync.state.status).toBe("saving");
    await sync.change({ ...withName(local, "One"), title: "Two" });
    release();
    await sync.idle();
    await vi.advanceTimersByTimeAsync(2000);
    await sync.idle();
    expect(server.calls.map((c) => c.ifMatch)).toEqual([1, 2]);
    expect(server.doc).toMatchObject({ title: "Two", version: 3 });
    expect(sync.state.status).toBe("saved");
  });

  it("applies remote versions only when there are no local edits", async () => {
    const { server, sync, local, replaced } = await setup();
    server.foreignWrite({ title: "From another tab" });
    expect(await sync.remoteVersion(2)).toBe(true);
    expect(sync.local.title).toBe("From another tab");
    expect(replaced).toHaveLength(1);
    await sync.change({ ...sync.local, title: "Local edit" });
    server.foreignWrite({ title: "Again" });
    expect(await sync.remoteVersion(3)).toBe(false);
    expect(sync.local.title).toBe("Local edit");
    expect(local.title).toBe("CV");
  });

  it("drains the IndexedDB queue after a reload, sending every edit exactly once", async () => {
    const server = new FakeServer();
    const storage1 = new IdbQueueStorage("reload-test");
    const first = await setup({ server, storage: storage1 });
    server.script = [{ kind: "transient", offline: true, message: "offline" }];
    await first.sync.change({ ...first.local, title: "Offline 1" });
    await first.sync.change({ ...first.local, title: "Offline 2", data: { profile: { name: "Ada", headline: "H" } } });
    await vi.advanceTimersByTimeAsync(2000);
    await first.sync.idle();
    expect(first.sync.state.status).toBe("offline");
    first.sync.dispose(); // the tab is closed
    await storage1.close();

    const storage2 = new IdbQueueStorage("reload-test");
    const second = await setup({ server, storage: storage2 });
    expect(second.local.title).toBe("Offline 2");
    expect(second.sync.state.pending).toBe(2);
    await vi.advanceTimersByTimeAsync(0);
    await second.sync.idle();
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1].key).toBe(server.calls[0].key); // same request after the reload
    expect(server.doc).toMatchObject({
      title: "Offline 2",
      version: 2,
      data: { profile: { name: "Ada", headline: "H" } },
    });
    expect(await storage2.ops("d1")).toHaveLength(0);
    expect(second.sync.state.status).toBe("saved");
    await storage2.close();
  });

  it("start() works offline from the stored server copy", async () => {
    const server = new FakeServer();
    const storage = new MemoryQueueStorage();
    await setup({ server, storage });
    const offline = new DocumentSync({ docId: "d1", storage, transport: server });
    expect((await offline.start()).title).toBe("CV");
    offline.dispose();
  });
});

describe("HTTP classification", () => {
  const res = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

  it("maps statuses", async () => {
    expect((await classifyPatchResponse(res(200, { id: "x", version: 2 }))).kind).toBe("ok");
    expect((await classifyPatchResponse(res(409, { current: { version: 3 } }))).kind).toBe("conflict");
    expect(await classifyPatchResponse(res(429, { title: "Too many" }, { "Retry-After": "40" }))).toMatchObject({
      kind: "transient",
      retryAfterMs: 40_000,
    });
    expect((await classifyPatchResponse(res(503, {}))).kind).toBe("transient");
    expect(await classifyPatchResponse(res(400, { title: "Bad", errors: { title: ["Required"] } }))).toMatchObject({
      kind: "rejected",
      problem: { status: 400, errors: { title: ["Required"] } },
    });
    expect((await classifyPatchResponse(res(404, {}))).kind).toBe("rejected");
  });

  it("parses Retry-After dates", () => {
    expect(parseRetryAfter(new Date(10_000).toUTCString(), () => 5_000)).toBe(5_000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
