// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import i18n from "../i18n";
import { api } from "./client";
import { preferencesApi, useAccountPreferences, type AccountPreferences } from "./preferences";

const prefs = (p: Partial<AccountPreferences>): AccountPreferences =>
  ({ theme: "system", language: "en", updatedAt: null, ...p });

describe("the account's language preference", () => {
  afterEach(async () => {
    vi.restoreAllMocks();
    useAccountPreferences.setState({ prefs: null });
    await i18n.changeLanguage("en");
  });

  it("is applied at sign-in (sync) without a reload, with <html lang>", async () => {
    vi.spyOn(api, "json").mockResolvedValue(prefs({ language: "de", updatedAt: "2026-12-07T09:00:00Z" }));
    await preferencesApi.sync();
    expect(i18n.language).toBe("de");
    expect(document.documentElement.lang).toBe("de");
    expect(i18n.t("app.signOut")).toBe("Abmelden");
  });

  it("is not taken from an account that never saved one: the browser's language stays", async () => {
    await i18n.changeLanguage("de"); // what the browser asked for before sign-in
    vi.spyOn(api, "json").mockResolvedValue(prefs({ language: "en", updatedAt: null }));
    await preferencesApi.sync();
    expect(i18n.language).toBe("de");
  });

  it("is stored with the first saved preference as the language shown, then changes with a save", async () => {
    await i18n.changeLanguage("de");
    const json = vi.spyOn(api, "json").mockImplementation(async (_path, init) => {
      const sent = (init as { json?: Partial<AccountPreferences> })?.json ?? {};
      return prefs({ ...sent, updatedAt: "2026-12-07T09:00:00Z" }) as never;
    });
    const put = (sent: Partial<AccountPreferences>) => ["/api/v1/auth/preferences", { method: "PUT", json: sent }];
    await preferencesApi.save({ theme: "dark" });
    expect(json).toHaveBeenLastCalledWith(...put({ theme: "dark", language: "de" }));
    await preferencesApi.save({ language: "en" });
    expect(json).toHaveBeenLastCalledWith(...put({ language: "en" }));
    expect(i18n.language).toBe("en");
    expect(document.documentElement.lang).toBe("en");
  });
});
