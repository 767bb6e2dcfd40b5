import { create } from "zustand";

const KEY = "rp:v1:preferences";

interface Preferences {
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

/** Preferences (template, page size, AI tab, dashboard range), kept in localStorage (versioned key). */
export const usePreferences = create<Preferences>((set, get) => ({
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
