import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { accountSettingsApi } from "../api/accountSettings";
import { api, ApiError } from "../api/client";
import { exportsApi, type Template } from "../api/exports";
import { preferencesApi, useAccountPreferences, type AccountPreferences } from "../api/preferences";
import i18n, { LANGUAGE_NAMES, LANGUAGES } from "../i18n";
import { formatNumber } from "../i18n/format";
import { useAuth } from "../stores/authStore";
import { saveBlobUrl } from "./ExportsScreen";

/** The first field error of a problem, else its sentence. */
function messageOf(e: unknown): string {
  if (e instanceof ApiError)
    return Object.values(e.problem.errors ?? {})[0]?.[0] ?? e.problem.detail ?? e.problem.title;
  return e instanceof Error ? e.message : String(e);
}

/** A success sentence, made when shown with the UI's language of that moment. */
type Sentence = (t: TFunction) => string;

/**
 * One form with its own busy state, success sentence and error. The sentence is made when shown, so one said just
 * before the language changed (saving the language itself) appears in the new language.
 */
function useForm() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Sentence | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<Sentence>) => async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      const sentence = await action();
      setDone(() => sentence);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const status = (
    <>
      {done && <p className="ok-box" role="status">{done(t)}</p>}
      {error && <p className="error-box" role="alert">{error}</p>}
    </>
  );
  return { busy, run, status };
}

function Preferences() {
  const { t } = useTranslation();
  const prefs = useAccountPreferences((s) => s.prefs);
  const [templates, setTemplates] = useState<Template[]>([]);
  const form = useForm();
  useEffect(() => {
    void preferencesApi.sync();
    exportsApi.templates().then(setTemplates, () => setTemplates([]));
  }, []);
  const save = (change: Partial<AccountPreferences>) => void form.run(async () => {
    await preferencesApi.save(change);
    return (tr) => tr("settings.prefs.saved");
  })();
  return (
    <section className="card" aria-labelledby="prefs-h" style={{ marginTop: "1rem" }}>
      <h2 id="prefs-h">{t("settings.prefs.title")}</h2>
      <div className="grid">
        <label className="field">
          {t("settings.prefs.theme")}
          <select
            value={prefs?.theme ?? "system"}
            disabled={!prefs || form.busy}
            onChange={(e) => save({ theme: e.target.value as AccountPreferences["theme"] })}
          >
            <option value="system">{t("settings.prefs.themeSystem")}</option>
            <option value="light">{t("settings.prefs.themeLight")}</option>
            <option value="dark">{t("settings.prefs.themeDark")}</option>
          </select>
        </label>
        <label className="field">
          {t("settings.prefs.language")}
          <select
            value={prefs?.updatedAt ? prefs.language : i18n.language}
            disabled={!prefs || form.busy}
            onChange={(e) => save({ language: e.target.value as AccountPreferences["language"] })}
          >
            {/* each language named in itself, so a user who cannot read the current one still finds theirs */}
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t("settings.prefs.defaultTemplate")}
          <select
            value={prefs?.defaultTemplate ?? ""}
            disabled={!prefs || form.busy}
            onChange={(e) => save({ defaultTemplate: e.target.value })}
          >
            <option value="">{t("settings.prefs.standardTemplate")}</option>
            {templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t("settings.prefs.defaultPageSize")}
          <select
            value={prefs?.defaultPageSize ?? ""}
            disabled={!prefs || form.busy}
            onChange={(e) => save({ defaultPageSize: e.target.value })}
          >
            <option value="">{t("settings.prefs.a4Standard")}</option>
            <option value="A4">{t("pageSize.A4")}</option>
            <option value="Letter">{t("settings.prefs.usLetter")}</option>
          </select>
        </label>
      </div>
      <p className="muted small">{t("settings.prefs.defaultsHint")}</p>
      {form.status}
    </section>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const form = useForm();
  const submit = form.run(async () => {
    if (next !== repeat) throw new Error(t("settings.password.differ"));
    await accountSettingsApi.changePassword(current, next);
    setCurrent("");
    setNext("");
    setRepeat("");
    return (tr) => tr("settings.password.changed");
  });
  return (
    <section className="card" aria-labelledby="password-h" style={{ marginTop: "1rem" }}>
      <h2 id="password-h">{t("settings.password.title")}</h2>
      <form onSubmit={submit} className="grid">
        <label className="field">
          {t("settings.password.current")}
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
          />
        </label>
        <label className="field">
          {t("account.newPassword")}
          <input
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
            minLength={12}
          />
        </label>
        <label className="field">
          {t("account.repeatPassword")}
          <input
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            required
          />
        </label>
        <div className="wide">
          <button type="submit" className="btn primary" disabled={form.busy}>
            {t("settings.password.title")}
          </button>
        </div>
      </form>
      {form.status}
    </section>
  );
}

function ChangeEmail() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useForm();
  const submit = form.run(async () => {
    const user = await accountSettingsApi.changeEmail(password, email);
    setPassword("");
    setEmail("");
    await api.refresh(); // the access token carries the address: take a fresh one
    await useAuth.getState().refreshUser();
    return (tr) => tr("settings.email.changed", { email: user.email });
  });
  return (
    <section className="card" aria-labelledby="email-h" style={{ marginTop: "1rem" }}>
      <h2 id="email-h">{t("settings.email.title")}</h2>
      <form onSubmit={submit} className="grid">
        <label className="field">
          {t("settings.email.new")}
          <input type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label className="field">
          {t("auth.password")}
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <div className="wide">
          <button type="submit" className="btn primary" disabled={form.busy}>
            {t("settings.email.submit")}
          </button>
        </div>
      </form>
      {form.status}
    </section>
  );
}

function DownloadData() {
  const { t } = useTranslation();
  const form = useForm();
  const download = form.run(async () => {
    const blob = await accountSettingsApi.exportData();
    await saveBlobUrl(URL.createObjectURL(blob), `resumepair-data-${new Date().toISOString().slice(0, 10)}.zip`);
    return (tr) => tr("settings.data.downloaded", { kb: formatNumber(Math.max(1, Math.round(blob.size / 1024))) });
  });
  return (
    <section className="card" aria-labelledby="data-h" style={{ marginTop: "1rem" }}>
      <h2 id="data-h">{t("settings.data.title")}</h2>
      <p>{t("settings.data.intro")}</p>
      <button type="button" className="btn" disabled={form.busy} onClick={() => void download()}>
        {form.busy ? t("common.preparing") : t("settings.data.download")}
      </button>
      {form.status}
    </section>
  );
}

function DeleteAccount() {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const email = useAuth((s) => s.user?.email);
  const form = useForm();
  const submit = form.run(async () => {
    await accountSettingsApi.requestDeletion(password);
    setPassword("");
    return (tr) => tr("settings.delete.sent", { email });
  });
  return (
    <section className="card danger-zone" aria-labelledby="delete-h" style={{ marginTop: "1rem" }}>
      <h2 id="delete-h">{t("settings.delete.title")}</h2>
      <p>{t("settings.delete.intro")}</p>
      <form onSubmit={submit} className="grid">
        <label className="field">
          {t("settings.delete.password")}
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <div className="wide">
          <button type="submit" className="btn danger" disabled={form.busy}>
            {t("settings.delete.submit")}
          </button>
        </div>
      </form>
      {form.status}
    </section>
  );
}

/** The account page's settings below the profile and sessions. */
export function AccountSettings() {
  return (
    <>
      <Preferences />
      <ChangePassword />
      <ChangeEmail />
      <DownloadData />
      <DeleteAccount />
    </>
  );
}
