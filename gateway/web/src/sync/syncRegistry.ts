import { api } from "../api/client";
import { knownUserId } from "../stores/authStore";
import { HttpSyncTransport } from "../api/documents";
import type { DocType } from "../api/documents";
import { holdBack } from "../components/holdBack";
import { useRules } from "../stores/rulesStore";
import { DocumentSync, type Envelope } from "./documentSync";
import { IdbQueueStorage, MemoryQueueStorage, type QueueStorage, type ServerCopy } from "./queueStorage";

/** The signed-in user's id from the access token (works offline). */
export function currentUserId(): string {
  const token = api.getTokens()?.accessToken;
  if (!token) return knownUserId() ?? "anonymous"; // offline start: no access token until the cookie refreshes it
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return String(payload.sub ?? "anonymous");
  } catch {
    return "anonymous";
  }
}

const storages = new Map<string, QueueStorage>();

/** One persistent queue per user (so two accounts on one browser never mix their edits). */
export function storageForCurrentUser(): QueueStorage {
  const user = currentUserId();
  let storage = storages.get(user);
  if (!storage) {
    storage =
      typeof indexedDB === "undefined" ? new MemoryQueueStorage() : new IdbQueueStorage(`resumepair-sync-${user}`);
    storages.set(user, storage);
  }
  return storage;
}

export const transport = new HttpSyncTransport();

/** Holds back what the served rules refuse (the rules as loaded now: they may arrive after the editor opened). */
export const holdBackByRules = (local: Envelope, server: ServerCopy) =>
  holdBack(useRules.getState().rules?.types[server.type as DocType], local, server);

const open = new Set<string>();
export function markOpen(docId: string, isOpen: boolean) {
  if (isOpen) open.add(docId);
  else open.delete(docId);
}

let draining: Promise<void> | undefined;

/** Sends what is left in the queue for documents not open in the editor (after a reload, or back online). */
export function drainBackground(): Promise<void> {
  if (draining) return draining;
  draining = (async () => {
    const storage = storageForCurrentUser();
    for (const docId of await storage.allDocIds()) {
      if (open.has(docId)) continue;
      const fresh = await transport.get(docId);
      if (fresh.kind !== "ok") continue;
      const sync = new DocumentSync({ docId, storage, transport, holdBack: holdBackByRules });
      await sync.start(fresh.doc);
      for (let i = 0; i < 5 && sync.state.pending > 0 && sync.state.status === "pending"; i++) await sync.flushNow();
      sync.dispose();
    }
  })()
    .catch(() => undefined)
    .finally(() => (draining = undefined));
  return draining;
}
