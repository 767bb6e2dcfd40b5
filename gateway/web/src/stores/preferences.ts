import { create } from "zustand";

const KEY = "rp:v1:preferences";

interface Preferences {
  templateId: string;
  pageSize: string;
  set(p: Partial<Pick<Preferences, "templateId" | "pageSize">>): void;
}

function read(): Partial<Preferences> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "{}");
  } catch {
    return {};
  }
}

/** Template and page size, kept in localStorage (versioned key). */
export const usePreferences = create<Preferences>((set, get) => ({
  templateId: "",
  pageSize: "A4",
  ...read(),
  set(p) {
    set(p);
    const { templateId, pageSize } = get();
    try {
      localStorage.setItem(KEY, JSON.stringify({ templateId, pageSize }));
    } catch {
      /* unavailable */
    }
  },
}));
