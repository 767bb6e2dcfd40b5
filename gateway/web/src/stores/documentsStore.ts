import { create } from "zustand";
import { documentsApi, emptyCoverLetter, emptyResume, type DocType, type DocumentSummary } from "../api/documents";

interface DocumentsState {
  items: DocumentSummary[];
  trashed: DocumentSummary[];
  loading: boolean;
  error?: string;
  trashLoading: boolean;
  trashError?: string;
  load(): Promise<void>;
  loadTrash(): Promise<void>;
  addImported(doc: DocumentSummary): void;
  create(type: DocType, title: string, ownerName: string): Promise<DocumentSummary>;
  rename(id: string, title: string): Promise<void>;
  duplicate(id: string): Promise<DocumentSummary>;
  trash(id: string): Promise<void>;
  restore(id: string): Promise<void>;
}

type Api = typeof documentsApi;

/** The document list with optimistic rename/trash (rolled back when the server refuses). */
export function createDocumentsStore(client: Api = documentsApi) {
  // Renames still on their way to the server: a duplicate made meanwhile waits for them (it copies the server's copy).
  const renaming = new Map<string, Promise<unknown>>();
  return create<DocumentsState>((set, get) => ({
    items: [],
    trashed: [],
    loading: false,
    trashLoading: false,
    async loadTrash() {
      set({ trashLoading: true, trashError: undefined });
      try {
        const page = await client.listTrashed();
        // Only items the server marks as trashed (a server without the trash filter answers active documents),
        // plus what was trashed here and is not in the answer yet.
        const server = page.items.filter((d) => d.deletedAt);
        const local = get().trashed.filter((d) => !server.some((s) => s.id === d.id));
        set({ trashed: [...local, ...server], trashLoading: false });
      } catch (e) {
        set({ trashLoading: false, trashError: e instanceof Error ? e.message : String(e) });
      }
    },
    addImported(doc) {
      set({ items: [doc, ...get().items.filter((d) => d.id !== doc.id)] });
    },
    async load() {
      set({ loading: true, error: undefined });
      try {
        const page = await client.list();
        set({ items: page.items, loading: false });
      } catch (e) {
        set({ loading: false, error: e instanceof Error ? e.message : String(e) });
      }
    },
    async create(type, title, ownerName) {
      const doc = await client.create(
        type,
        title,
        type === "resume" ? emptyResume(ownerName) : emptyCoverLetter(ownerName),
      );
      set({ items: [doc, ...get().items] });
      return doc;
    },
    async rename(id, title) {
      const before = get().items;
      set({ items: before.map((d) => (d.id === id ? { ...d, title } : d)) });
      const request = client.rename(id, title);
      const tracked = request.catch(() => undefined);
      renaming.set(id, tracked);
      try {
        const doc = await request;
        set({
          items: get().items.map((d) => (d.id === id ? { ...d, version: doc.version, updatedAt: doc.updatedAt } : d)),
        });
      } catch (e) {
        set({ items: before });
        throw e;
      } finally {
        if (renaming.get(id) === tracked) renaming.delete(id);
      }
    },
    async duplicate(id) {
      await renaming.get(id);
      const shown = get().items.find((d) => d.id === id)?.title;
      const source = await client.get(id);
      const copy = await client.create(source.type, `${shown ?? source.title} (copy)`, source.data);
      set({ items: [copy, ...get().items] });
      return copy;
    },
    async trash(id) {
      const doc = get().items.find((d) => d.id === id);
      const now = new Date();
      const trashedDoc = doc && {
        ...doc,
        deletedAt: now.toISOString(),
        purgeAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      };
      set({
        items: get().items.filter((d) => d.id !== id),
        trashed: trashedDoc ? [trashedDoc, ...get().trashed] : get().trashed,
      });
      try {
        await client.trash(id);
      } catch (e) {
        if (doc) set({ items: [doc, ...get().items], trashed: get().trashed.filter((d) => d.id !== id) });
        throw e;
      }
    },
    async restore(id) {
      const before = get().trashed;
      set({ trashed: before.filter((d) => d.id !== id) });
      try {
        const doc = await client.restore(id);
        set({ items: [doc, ...get().items.filter((d) => d.id !== id)] });
      } catch (e) {
        set({ trashed: before });
        throw e;
      }
    },
  }));
}

export const useDocuments = createDocumentsStore();
