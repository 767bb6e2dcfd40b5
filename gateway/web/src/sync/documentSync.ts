import { t } from "../i18n";
import { backoffDelay, newIdempotencyKey, systemClock, type Clock } from "./clock";
import { applyMergePatch, clone, composeMergePatches, deepEqual, diffMergePatch, type Json } from "./mergePatch";
import type { PendingOp, QueueStorage, ServerCopy } from "./queueStorage";
import type { PatchResult, Problem, ServerDoc, SyncTransport } from "./transport";

/** What the editor edits: the document's title and data. Merge patches are computed over this envelope. */
export interface Envelope {
  title: string;
  data: Json;
}

export type SyncStatus = "saved" | "saving" | "pending" | "offline" | "failed" | "conflict";

export interface SyncState {
  status: SyncStatus;
  pending: number;
  version: number;
  /** The 4xx that stopped the queue (field errors under problem.errors). */
  error?: Problem;
  /** A transient failure being retried, and when. */
  retry?: { attempt: number; at: number; message: string };
  conflict?: { mine: Envelope; theirs: ServerDoc };
  /** Editor paths kept on this device until they pass the rules (see DocumentSyncOptions.holdBack). */
  held: string[];
}

export interface DocumentSyncOptions {
  docId: string;
  storage: QueueStorage;
  transport: SyncTransport;
  clock?: Clock;
  debounceMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Called when the local copy is replaced by something other than the editor (remote change, conflict choice). */
  onReplaced?: (local: Envelope, version: number) => void;
  onState?: (state: SyncState) => void;
  /**
   * What of the local copy may be sent now; the rest (`held`) stays queued on this device until it passes the rules,
   * so a half-filled entry never stops the rest of the document from saving. Default: send everything.
   */
  holdBack?: (local: Envelope, server: ServerCopy) => { value: Envelope; held: string[] };
}

export const envelopeOf = (doc: { title: string; data: Json }): Envelope => ({
  title: doc.title,
  data: clone(doc.data),
});

/**
 * Keeps one document in sync: every change is first written to the persistent queue (one op, a merge patch, with
 * its base version), then sent after a debounce as one merge patch with If-Match. A request's ops carry the
 * request's idempotency key and base, persisted before sending, so every retry — even after a reload — sends the
 * same key and the same If-Match; a retry of a write that had landed gets 409 with a copy that already contains it,
 * which counts as success, so nothing is applied twice. Transient failures retry with exponential backoff and full
 * jitter (Retry-After wins); 4xx stop until the user edits or retries; 409 with foreign changes is a conflict.
 */
export class DocumentSync {
  private readonly clock: Clock;
  private readonly debounceMs: number;
  private server!: ServerCopy;
  private localView!: Envelope;
  private timer: unknown;
  private timerKind: "debounce" | "retry" | undefined;
  private inflight = false;
  private attempt = 0;
  private offline = false;
  private disposed = false;
  private pendingCount = 0;
  private lastSeq = 0;
  private error?: Problem;
  private retryInfo?: SyncState["retry"];
  private conflict?: SyncState["conflict"];
  private lock: Promise<unknown> = Promise.resolve();
  private flushing?: Promise<void>;
  private held: string[] = [];
  /** Everything queued is held back: nothing to send until the next edit. */
  private heldOnly = false;

  constructor(private readonly options: DocumentSyncOptions) {
    this.clock = options.clock ?? systemClock;
    this.debounceMs = options.debounceMs ?? 2000;
  }

  get state(): SyncState {
    const status: SyncStatus = this.conflict
      ? "conflict"
      : this.error
        ? "failed"
        : this.offline
          ? "offline"
          : this.inflight
            ? "saving"
            : this.pendingCount > 0 && !this.heldOnly
              ? "pending"
              : "saved";
    const pending = this.heldOnly ? 0 : this.pendingCount;
    return {
      status,
      pending,
      version: this.server?.version ?? 0,
      error: this.error,
      retry: this.retryInfo,
      conflict: this.conflict,
      held: this.held,
    };
  }

  get local(): Envelope {
    return this.localView;
  }

  /**
   * Loads the queue. `fresh` is the document just read from the server (or undefined offline: the stored copy is used).
   * Returns the local view: the server copy with every queued change applied. Starts draining a non-empty queue.
   */
  async start(fresh?: ServerDoc): Promise<Envelope> {
    const { storage, docId } = this.options;
    const stored = await storage.getServerCopy(docId);
    const base: ServerCopy | undefined = fresh
      ? { docId, version: fresh.version, type: fresh.type, title: fresh.title, data: fresh.data }
      : stored;
    if (!base) throw new Error(t("sync.noOfflineCopy"));
    this.server = base;
    if (fresh) await storage.putServerCopy(base);
    const ops = await storage.ops(docId);
    this.pendingCount = ops.length;
    this.lastSeq = ops.reduce((m, o) => Math.max(m, o.seq), 0);
    this.localView = ops.reduce<Envelope>(
      (view, op) => applyMergePatch(view as unknown as Json, op.patch) as unknown as Envelope,
      envelopeOf(base),
    );
    this.emit();
    if (ops.length > 0) this.schedule(0, "debounce");
    return clone(this.localView);
  }

  /** The editor's new title/data: queued (persisted) at once, sent after the debounce. */
  change(next: Envelope): Promise<void> {
    const patch = diffMergePatch(this.localView as unknown as Json, next as unknown as Json);
    if (patch === undefined) return Promise.resolve();
    this.localView = clone(next);
    const op: PendingOp = {
      id: newIdempotencyKey(),
      seq: Math.max(this.clock.now(), this.lastSeq + 1),
      docId: this.options.docId,
      patch,
      createdAt: this.clock.now(),
      base: this.server.version,
    };
    this.lastSeq = op.seq;
    this.pendingCount++;
    this.heldOnly = false;
    // A stopped queue (4xx) resumes with the user's next edit, which may be the fix.
    if (this.error) this.error = undefined;
    this.emit();
    const persisted = this.locked(() => this.options.storage.put([op]));
    if (this.timerKind !== "retry" && !this.conflict) this.schedule(this.debounceMs, "debounce");
    return persisted;
  }

  /** Sends now (the retry button, going back online, leaving the page). */
  flushNow(): Promise<void> {
    this.attempt = 0;
    this.error = undefined;
    this.emit();
    this.cancelTimer();
    return this.flush();
  }

  setOnline(online: boolean) {
    if (online) {
      this.offline = false;
      void this.flushNow();
    } else {
      this.offline = true;
      this.emit();
    }
  }

  /**
   * Another tab or device saved `version`. Applied when there are no local edits (nothing queued or in flight);
   * otherwise the next write gets 409 and the conflict dialog.
   */
  async remoteVersion(version: number): Promise<boolean> {
    if (version <= this.server.version || this.inflight || this.pendingCount > 0 || this.conflict) return false;
    const result = await this.options.transport.get(this.options.docId);
    if (result.kind !== "ok" || this.inflight || this.pendingCount > 0 || result.doc.version <= this.server.version)
      return false;
    await this.adoptServer(result.doc);
    this.localView = envelopeOf(result.doc);
    this.options.onReplaced?.(clone(this.localView), result.doc.version);
    this.emit();
    return true;
  }

  /** Resolves a conflict: keep mine, take theirs, or a merged copy (field-by-field choice). */
  async resolveConflict(choice: "mine" | "theirs" | { merged: Envelope }): Promise<void> {
    const conflict = this.conflict;
    if (!conflict) return;
    const theirs = conflict.theirs;
    const target =
      choice === "theirs" ? envelopeOf(theirs) : choice === "mine" ? clone(conflict.mine) : clone(choice.merged);
    await this.locked(async () => {
      const ops = await this.options.storage.ops(this.options.docId);
      await this.options.storage.remove(ops.map((o) => o.id));
    });
    await this.adoptServer(theirs);
    this.pendingCount = 0;
    this.heldOnly = false;
    this.conflict = undefined;
    this.localView = envelopeOf(theirs);
    this.attempt = 0;
    await this.change(target);
    this.options.onReplaced?.(clone(target), theirs.version);
    this.emit();
    if (this.pendingCount > 0) await this.flushNow();
  }

  dispose() {
    this.disposed = true;
    this.cancelTimer();
  }

  /** Resolves when nothing is in flight (tests, sign-out). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.doFlush().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    if (this.disposed || this.conflict) return;
    const { storage, transport, docId } = this.options;
    const batch = await this.locked(async () => {
      const ops = await storage.ops(docId);
      if (ops.length === 0) return undefined;
      const sent = ops.filter((o) => o.batchKey);
      if (sent.length > 0) return sent;
      const key = newIdempotencyKey();
      const base = ops[0].base ?? this.server.version;
      // One exact patch from the server copy to the copy with every op applied (a chain of merge patches
      // cannot always be composed into one, e.g. replace-then-merge of an object).
      const from = envelopeOf(this.server) as unknown as Json;
      const to = ops.reduce<Json>((view, op) => applyMergePatch(view, op.patch), from);
      const { value: sendable, held } = this.options.holdBack?.(to as unknown as Envelope, this.server) ?? {
        value: to,
        held: [],
      };
      this.held = held;
      const patch = diffMergePatch(from, sendable as unknown as Json);
      // Only held-back drafts (or what they left after the last write): nothing to send until the next edit. A
      // queue of drafts alone is never sent, so a value the server normalizes cannot make it write again and again.
      if (held.length > 0 && (patch === undefined || ops.every((o) => o.draft))) return "held" as const;
      ops[0].batchPatch = patch ?? {};
      if (held.length > 0) ops[0].batchHeld = diffMergePatch(sendable as unknown as Json, to);
      for (const o of ops) {
        o.batchKey = key;
        o.batchBase = base;
      }
      await storage.put(ops);
      return ops;
    });
    if (!batch) {
      this.pendingCount = 0;
      this.held = [];
      this.heldOnly = false;
      this.emit();
      return;
    }
    if (batch === "held") {
      this.heldOnly = true;
      this.error = undefined;
      this.emit();
      return;
    }
    const key = batch[0].batchKey!;
    const base = batch[0].batchBase!;
    const patch = batch[0].batchPatch ?? batch.map((o) => o.patch).reduce((a, b) => composeMergePatches(a, b));
    this.inflight = true;
    this.emit();
    let result: PatchResult;
    try {
      result = await transport.patch(docId, patch, base, key);
    } catch (e) {
      result = { kind: "transient" as const, offline: true, message: e instanceof Error ? e.message : String(e) };
    }
    this.inflight = false;
    if (this.disposed) return;

    if (result.kind === "conflict") {
      const current = envelopeOf(result.current) as unknown as Json;
      if (deepEqual(applyMergePatch(current, patch), current)) result = { kind: "ok", doc: result.current };
    }
    switch (result.kind) {
      case "ok":
        await this.acknowledge(batch, result.doc, base);
        this.attempt = 0;
        this.offline = false;
        this.retryInfo = undefined;
        this.error = undefined;
        this.emit();
        if (this.pendingCount > 0 && this.timerKind === undefined) this.schedule(this.debounceMs, "debounce");
        return;
      case "conflict":
        this.retryInfo = undefined;
        this.conflict = { mine: clone(this.localView), theirs: result.current };
        this.emit();
        return;
      case "transient": {
        const delay =
          result.retryAfterMs ??
          backoffDelay(this.attempt, this.clock.random, this.options.backoffBaseMs, this.options.backoffCapMs);
        this.attempt++;
        this.offline = result.offline;
        this.retryInfo = { attempt: this.attempt, at: this.clock.now() + delay, message: result.message };
        this.emit();
        this.schedule(delay, "retry");
        return;
      }
      case "rejected":
        // Nothing was applied: release the ops from this request, so the next one (after a fix) carries them all.
        await this.locked(async () => {
          const ops = await storage.ops(docId);
          for (const o of ops) {
            delete o.batchKey;
            delete o.batchBase;
            delete o.batchPatch;
            delete o.batchHeld;
          }
          await storage.put(ops);
        });
        this.retryInfo = undefined;
        this.error = result.problem;
        this.emit();
        return;
    }
  }

  private async acknowledge(batch: PendingOp[], doc: ServerDoc, base: number) {
    const { storage, docId } = this.options;
    await this.locked(async () => {
      await storage.remove(batch.map((o) => o.id));
      const rest = await storage.ops(docId);
      // Ops written while this request was in flight were based on the old version; our own write is not a conflict.
      for (const o of rest) if (o.base === base) o.base = doc.version;
      // What the request held back stays queued as a draft, ahead of the ops written meanwhile.
      const draft: PendingOp[] = batch[0].batchHeld
        ? [
            {
              id: newIdempotencyKey(),
              seq: Math.max(...batch.map((o) => o.seq)),
              docId,
              patch: batch[0].batchHeld,
              createdAt: this.clock.now(),
              base: doc.version,
              draft: true,
            },
          ]
        : [];
      if (draft.length === 0) this.held = [];
      await storage.put([...draft, ...rest]);
      this.pendingCount = rest.length + draft.length;
      this.heldOnly = rest.length === 0 && draft.length > 0;
    });
    await this.adoptServer(doc);
  }

  private async adoptServer(doc: ServerDoc) {
    this.server = { docId: this.options.docId, version: doc.version, type: doc.type, title: doc.title, data: doc.data };
    await this.options.storage.putServerCopy(this.server);
  }

  private schedule(ms: number, kind: "debounce" | "retry") {
    this.cancelTimer();
    if (this.disposed) return;
    this.timerKind = kind;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerKind = undefined;
      void this.flush();
    }, ms);
  }

  private cancelTimer() {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerKind = undefined;
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private emit() {
    this.options.onState?.(this.state);
  }
}
