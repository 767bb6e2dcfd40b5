import { create } from "zustand";
import { fetchRules, rulesCache, type DocumentRules } from "../api/rules";

interface RulesState {
  /**
   * Null until loaded (and never stored before): no client-side checks then, the server still answers with field
   * errors.
   */
  rules: DocumentRules | null;
  load(): Promise<void>;
}

/** The served field rules: the stored copy at once (also offline), refreshed from the server once per page load. */
export function createRulesStore(
  fetch: () => Promise<DocumentRules> = fetchRules,
  stored: () => DocumentRules | undefined = () => rulesCache.read()?.rules,
) {
  let loading: Promise<void> | undefined;
  return create<RulesState>((set) => ({
    rules: stored() ?? null,
    load() {
      loading ??= fetch().then(
        (rules) => set({ rules }),
        () => {
          loading = undefined; // offline or signed out: keep what we have and ask again next time
        },
      );
      return loading;
    },
  }));
}

export const useRules = createRulesStore();
