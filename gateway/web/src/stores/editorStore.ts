import { create } from "zustand";
import { temporal } from "zundo";
import { clone, isObject, type Json, type JsonObject } from "../sync/mergePatch";

export interface EditorDoc {
  docId: string | null;
  type: string;
  title: string;
  data: JsonObject;
  version: number;
}

interface EditorState extends EditorDoc {
  /**
   * Sets a value at a path like "data.work.0.company" (array indices as numbers), or all of "data"; edits to the same
   * path within the grouping window are one undo step.
   */
  update(path: string, value: Json | undefined): void;
  /** Loads a document: history cleared (switching documents never undoes into another one). */
  load(doc: EditorDoc): void;
  /** Replaces the content without an undo step and clears history (remote change, conflict resolution). */
  replace(title: string, data: Json, version: number): void;
}

export const HISTORY_LIMIT = 50;
export const GROUP_WINDOW_MS = 1000;

let lastGroup: { key: string; at: number } | undefined;
let currentGroupKey: string | undefined;
let now: () => number = () => Date.now();
/** Tests replace the clock used for grouping. */
export function setEditorClock(clock: () => number) {
  now = clock;
}

function setIn(root: JsonObject, parts: string[], value: Json | undefined): JsonObject {
  const result = clone(root);
  let cursor: JsonObject | Json[] = result;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i];
    const nextKey = parts[i + 1];
    const container = cursor as Record<string, Json>;
    if (container[key] === undefined || container[key] === null || typeof container[key] !== "object") {
      container[key] = /^\d+$/.test(nextKey) ? [] : {};
    }
    cursor = container[key] as JsonObject | Json[];
  }
  const last = parts[parts.length - 1];
  if (Array.isArray(cursor)) {
    if (value === undefined) cursor.splice(Number(last), 1);
    else cursor[Number(last)] = value;
  } else if (value === undefined || value === "") {
    // empty optional fields are left out (the schema treats absent and empty alike; empty dates would be invalid)
    delete cursor[last];
  } else {
    cursor[last] = value;
  }
  return result;
}

export function createEditorStore() {
  return create<EditorState>()(
    temporal(
      (set, get, api) => ({
        docId: null,
        type: "resume",
        title: "",
        data: {},
        version: 0,
        update(path, value) {
          currentGroupKey = path;
          const parts = path.split(".");
          if (parts[0] === "title") set({ title: typeof value === "string" ? value : "" });
          // "data" alone replaces the whole content (AI extract): one undo step like any edit.
          else if (path === "data") set({ data: isObject(value) ? clone(value) : {} });
          else if (parts[0] === "data") set({ data: setIn(get().data, parts.slice(1), value) });
          currentGroupKey = undefined;
        },
        load(doc) {
          const t = (api as unknown as Store).temporal.getState();
          t.pause();
          set({ ...doc, data: isObject(doc.data) ? clone(doc.data) : {} });
          t.resume();
          t.clear();
          lastGroup = undefined;
        },
        replace(title, data, version) {
          const t = (api as unknown as Store).temporal.getState();
          t.pause();
          set({ title, data: isObject(data) ? clone(data) : {}, version });
          t.resume();
          t.clear();
          lastGroup = undefined;
        },
      }),
      {
        limit: HISTORY_LIMIT,
        partialize: (s) => ({ title: s.title, data: s.data }),
        equality: (a, b) => a.title === b.title && a.data === b.data,
        handleSet: (handleSet) => (pastState, replace, currentState, deltaState) => {
          // Group: consecutive edits of the same field within the window are one undo step.
          const key = currentGroupKey;
          const at = now();
          if (key && lastGroup && lastGroup.key === key && at - lastGroup.at < GROUP_WINDOW_MS) {
            lastGroup = { key, at };
            return;
          }
          lastGroup = key ? { key, at } : undefined;
          (handleSet as unknown as (...args: unknown[]) => void)(pastState, replace, currentState, deltaState);
        },
      },
    ),
  );
}

type Store = ReturnType<typeof createEditorStore>;
let store: Store;

/** Undo/redo break grouping, so the next edit starts a new step. */
export function undo(s: Store = store) {
  lastGroup = undefined;
  s.temporal.getState().undo();
}
export function redo(s: Store = store) {
  lastGroup = undefined;
  s.temporal.getState().redo();
}

store = createEditorStore();
export const useEditor = store;
