import { create } from "zustand";
import { useEditor } from "./editorStore";

const KEY = "rp:v1:preferences";

export interface Preferences {
  templateId: string;
  pageSize: string;
  aiTab?: string;
  opsRange?: string;
  set(p: Partial<Pick<Preferences, "templateId" | "pageSize" | "aiTab" | "opsRange">>): void;
}

function read(): Partial<Preferences> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "{}");
  } catch {
    return {};
  }
}

/** What the browser remembers: the AI tab, the dashboard range, and the last template/page size (for new documents). */
const useStored = create<Preferences>((set, get) => ({
  templateId: "",
  pageSize: "A4",
  ...read(),
  set(p) {
    set(p);
    const { templateId, pageSize, aiTab, opsRange } = get();
    try {
      localStorage.setItem(KEY, JSON.stringify({ templateId, pageSize, aiTab, opsRange }));
    } catch {
      /* unavailable */
    }
  },
}));

interface Design {
  template?: string;
  pageSize?: string;
}

function openDesign(): Design | undefined {
  const s = useEditor.getState();
  return s.docId ? ((s.data as { design?: Design }).design ?? {}) : undefined;
}

/**
 * Template and page size belong to the open document (`data.design`, saved and synced with it, so a cover letter's
 * template never changes a resume's); the browser's own choice is only the default for documents that have none.
 */
function setPreferences(p: Partial<Pick<Preferences, "templateId" | "pageSize" | "aiTab" | "opsRange">>) {
  useStored.getState().set(p);
  if (!openDesign()) return;
  const editor = useEditor.getState();
  if (p.templateId !== undefined) editor.update("data.design.template", p.templateId);
  if (p.pageSize !== undefined) editor.update("data.design.pageSize", p.pageSize);
}

export function usePreferences(): Preferences;
export function usePreferences<T>(selector: (s: Preferences) => T): T;
export function usePreferences<T>(selector?: (s: Preferences) => T): T | Preferences {
  const stored = useStored();
  const template = useEditor((s) => (s.docId ? (s.data as { design?: Design }).design?.template : undefined));
  const pageSize = useEditor((s) => (s.docId ? (s.data as { design?: Design }).design?.pageSize : undefined));
  const merged: Preferences = {
    ...stored,
    templateId: template ?? stored.templateId,
    pageSize: pageSize ?? stored.pageSize,
    set: setPreferences,
  };
  return selector ? selector(merged) : merged;
}
usePreferences.getState = (): Preferences => {
  const design = openDesign();
  const stored = useStored.getState();
  return {
    ...stored,
    templateId: design?.template ?? stored.templateId,
    pageSize: design?.pageSize ?? stored.pageSize,
    set: setPreferences,
  };
};

/** The account's defaults from the server (synced at sign-in): only for documents without a design of their own. */
export function setDocumentDefaults(p: { templateId?: string; pageSize?: string }) {
  useStored.getState().set(p);
}
