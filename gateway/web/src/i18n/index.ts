import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import de from "./de.json";
import en from "./en.json";

/** The UI's languages; English is the default and the fallback for any key a language lacks. */
export const LANGUAGES = ["en", "de"] as const;
export type Language = (typeof LANGUAGES)[number];

export const resources = { en: { translation: en }, de: { translation: de } } as const;

// The signed-in account's language on this device, so a reload paints in it before the preferences arrive.
const KEY = "rp:v1:language";

const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);

/** The first supported language of a list of BCP 47 tags ("de-AT" → "de"), else English. */
export function pickLanguage(tags: readonly string[] | undefined): Language {
  for (const tag of tags ?? []) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "en";
}

/** What the browser asks for (navigator.languages, in its order): the language before anyone signs in. */
export function browserLanguage(): Language {
  const nav = globalThis.navigator as Navigator | undefined;
  return pickLanguage(nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : []);
}

function remembered(): Language | undefined {
  try {
    const value = globalThis.localStorage?.getItem(KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function showLanguage(language: string) {
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

void i18n.use(initReactI18next).init({
  resources,
  lng: remembered() ?? browserLanguage(),
  fallbackLng: "en",
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false, // resources are bundled: ready before the first render
  returnEmptyString: false,
});
// "No {{title, lowercase}} yet.": English lowercases a section's name inside a sentence; German keeps its nouns.
i18n.services.formatter?.add("lowercase", (value: unknown, lng?: string) => String(value).toLocaleLowerCase(lng));
showLanguage(i18n.language);
i18n.on("languageChanged", showLanguage);

/** The account's language (its server-side preference): applied at once, without a reload, and remembered here. */
export function applyAccountLanguage(language: string | null | undefined) {
  const next = isLanguage(language) ? language : browserLanguage();
  try {
    globalThis.localStorage?.setItem(KEY, next);
  } catch {
    /* storage unavailable: this page still switches */
  }
  if (i18n.language !== next) void i18n.changeLanguage(next);
}

/** Signed out: the account's language is forgotten on this device and the browser's applies again. */
export function forgetAccountLanguage() {
  try {
    globalThis.localStorage?.removeItem(KEY);
  } catch {
    /* nothing remembered */
  }
  const next = browserLanguage();
  if (i18n.language !== next) void i18n.changeLanguage(next);
}

export const t = i18n.t.bind(i18n);
export default i18n;

/** Each language named in itself (endonyms): the language menu shows them untranslated. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", de: "Deutsch" };
