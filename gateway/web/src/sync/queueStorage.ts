import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { Json } from "./mergePatch";

/** One local change waiting for the server. */
export interface PendingOp {
  /** Unique per change; also the order of changes (seq). */
  id: string;
  seq: number;
  docId: string;
  /** Merge patch over the envelope {title, data}. */
  patch: Json;
  createdAt: number;
  /** The server version this change was made on. */
  base?: number;
  /** Set when the op was put into a request: every retry of that request reuses this key. */
  batchKey?: string;
  /** The version the batch was sent against (If-Match). */
  batchBase?: number;
  /** The request body of the batch (on its first op): base → base + every op of the batch, as one merge patch. */
  batchPatch?: Json;
  /** What the batch held back (local copy minus what was sent); queued again as a draft once the batch is written. */
  batchHeld?: Json;
  /** Only held-back values the rules would refuse: kept on this device, sent along with the next edit. */
  draft?: boolean;
}

/** The last server copy the client knows for a document (what pending ops apply on top of). */
export interface ServerCopy {
  docId: string;
  version: number;
  type: string;
  title: string;
  data: Json;
}

export interface QueueStorage {
  ops(docId: string): Promise<PendingOp[]>;
  allDocIds(): Promise<string[]>;
  put(ops: PendingOp[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  getServerCopy(docId: string): Promise<ServerCopy | undefined>;
  putServerCopy(copy: ServerCopy): Promise<void>;
}

interface SyncDb extends DBSchema {
  ops: { key: string; value: PendingOp; indexes: { byDoc: string } };
  server: { key: string; value: ServerCopy };
}

/** IndexedDB storage (survives reloads and crashes); one database per signed-in user. */
export class IdbQueueStorage implements QueueStorage {
  private db: Promise<IDBPDatabase<SyncDb>>;

  constructor(name = "resumepair-sync", factory?: IDBFactory) {
    const open = () =>
      openDB<SyncDb>(name, 1, {
        upgrade(db) {
          const ops = db.createObjectStore("ops", { keyPath: "id" });
          ops.createIndex("byDoc", "docId");
          db.createObjectStore("server", { keyPath: "docId" });
        },
      });
    if (factory) {
      const previous = globalThis.indexedDB;
      (globalThis as { indexedDB: IDBFactory }).indexedDB = factory;
      this.db = open();
      (globalThis as { indexedDB: IDBFactory }).indexedDB = previous;
    } else {
      this.db = open();
    }
  }

  async ops(docId: string) {
    const all = await (await this.db).getAllFromIndex("ops", "byDoc", docId);
    return all.sort((a, b) => a.seq - b.seq);
  }
  async allDocIds() {
    const all = await (await this.db).getAll("ops");
    return [...new Set(all.map((o) => o.docId))];
  }
  async put(ops: PendingOp[]) {
    const tx = (await this.db).transaction("ops", "readwrite");
    await Promise.all([...ops.map((o) => tx.store.put(o)), tx.done]);
  }
  async remove(ids: string[]) {
    const tx = (await this.db).transaction("ops", "readwrite");
    await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  }
  async getServerCopy(docId: string) {
    return (await this.db).get("server", docId);
  }
  async putServerCopy(copy: ServerCopy) {
    await (await this.db).put("server", copy);
  }
  async close() {
    (await this.db).close();
  }
}

/** In-memory storage (tests, and browsers without IndexedDB). */
export class MemoryQueueStorage implements QueueStorage {
  readonly opMap = new Map<string, PendingOp>();
  readonly copies = new Map<string, ServerCopy>();
  async ops(docId: string) {
    return [...this.opMap.values()]
      .filter((o) => o.docId === docId)
      .sort((a, b) => a.seq - b.seq)
      .map((o) => ({ ...o }));
  }
  async allDocIds() {
    return [...new Set([...this.opMap.values()].map((o) => o.docId))];
  }
  async put(ops: PendingOp[]) {
    for (const o of ops) this.opMap.set(o.id, { ...o });
  }
  async remove(ids: string[]) {
    for (const id of ids) this.opMap.delete(id);
  }
  async getServerCopy(docId: string) {
    const c = this.copies.get(docId);
    return c && { ...c };
  }
  async putServerCopy(copy: ServerCopy) {
    this.copies.set(copy.docId, { ...copy });
  }
}
