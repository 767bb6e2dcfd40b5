import { create } from "zustand";
import i18n, { applyAccountLanguage, type Language } from "../i18n";
import { applyTheme, type Theme } from "../lib/theme";
import { setDocumentDefaults } from "../stores/preferences";
import { api } from "./client";

export interface AccountPreferences {
  theme: Theme;
  language: Language;
  defaultTemplate?: string | null;
  defaultPageSize?: string | null;
  updatedAt?: string | null;
}

/** The account's preferences as the server keeps them (GET/PUT /api/v1/auth/preferences), the same on every device. */
export const useAccountPreferences = create<{ prefs: AccountPreferences | null }>(() => ({ prefs: null }));

function adopt(prefs: AccountPreferences) {
  useAccountPreferences.setState({ prefs });
  applyTheme(prefs.theme);
  // An account that never saved a preference has the server's default ("en"), not a choice: the browser's stays.
  if (prefs.updatedAt) applyAccountLanguage(prefs.language);
  setDocumentDefaults({ templateId: prefs.defaultTemplate ?? "", pageSize: prefs.defaultPageSize ?? "A4" });
}

export const preferencesApi = {
  /** At sign-in (and on start when signed in): the server's choice wins over what this device remembered. */
  async sync(): Promise<void> {
    try {
      adopt(await api.json<AccountPreferences>("/api/v1/auth/preferences"));
    } catch {
      /* offline: this device's remembered theme, language and defaults stay */
    }
  },
  /** "" clears a default; absent fields stay as they are. */
  async save(change: Partial<Omit<AccountPreferences, "updatedAt">>): Promise<AccountPreferences> {
    // The first save stores every preference: keep the language shown now rather than the server's default.
    const first = !useAccountPreferences.getState().prefs?.updatedAt && !change.language;
    const json = first ? { ...change, language: i18n.language } : change;
    const prefs = await api.json<AccountPreferences>("/api/v1/auth/preferences", { method: "PUT", json });
    adopt(prefs);
    return prefs;
  },
};
