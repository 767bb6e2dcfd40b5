import { useEffect, useState, type FormEvent } from "react";
import { accountSettingsApi } from "../api/accountSettings";
import { api, ApiError } from "../api/client";
import { exportsApi, type Template } from "../api/exports";
import { preferencesApi, useAccountPreferences, type AccountPreferences } from "../api/preferences";
import { useAuth } from "../stores/authStore";
import { saveBlobUrl } from "./ExportsScreen";

/** The first field error of a problem, else its sentence. */
function messageOf(e: unknown): string {
  if (e instanceof ApiError) return Object.values(e.problem.errors ?? {})[0]?.[0] ?? e.problem.detail ?? e.problem.title;
  return e instanceof Error ? e.message : String(e);
}

/** One form with its own busy state, success sentence and error. */
function useForm() {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<string>) => async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      setDone(await action());
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const status = (
    <>
      {done && <p className="ok-box" role="status">{done}</p>}
      {error && <p className="error-box" role="alert">{error}</p>}
    </>
  );
  return { busy, run, status };
}

function Preferences() {
  const prefs = useAccountPreferences((s) => s.prefs);
  const [templates, setTemplates] = useState<Template[]>([]);
  const form = useForm();
  useEffect(() => {
    void preferencesApi.sync();
    exportsApi.templates().then(setTemplates, () => setTemplates([]));
  }, []);
  const save = (change: Partial<AccountPreferences>) => void form.run(async () => {
    await preferencesApi.save(change);
    return "Preferences saved. They apply on every device you sign in on.";
  })();
  return (
    <section className="card" aria-labelledby="prefs-h" style={{ marginTop: "1rem" }}>
      <h2 id="prefs-h">Preferences</h2>
      <div className="grid">
        <label className="field">
          Theme
          <select value={prefs?.theme ?? "system"} disabled={!prefs || form.busy} onChange={(e) => save({ theme: e.target.value as AccountPreferences["theme"] })}>
            <option value="system">Same as this device</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <label className="field">
          Language
          <select value={prefs?.language ?? "en"} disabled={!prefs || form.busy} onChange={(e) => save({ language: e.target.value as AccountPreferences["language"] })}>
            <option value="en">English</option>
            <option value="de">Deutsch (translation in preparation)</option>
          </select>
        </label>
        <label className="field">
          Default template
          <select value={prefs?.defaultTemplate ?? ""} disabled={!prefs || form.busy} onChange={(e) => save({ defaultTemplate: e.target.value })}>
            <option value="">The standard template</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Default page size
          <select value={prefs?.defaultPageSize ?? ""} disabled={!prefs || form.busy} onChange={(e) => save({ defaultPageSize: e.target.value })}>
            <option value="">A4 (standard)</option>
            <option value="A4">A4</option>
            <option value="Letter">US Letter</option>
          </select>
        </label>
      </div>
      <p className="muted small">The default template and page size apply to documents that have not chosen their own.</p>
      {form.status}
    </section>
  );
}

function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const form = useForm();
  const submit = form.run(async () => {
    if (next !== repeat) throw new Error("The two new passwords differ.");
    await accountSettingsApi.changePassword(current, next);
    setCurrent("");
    setNext("");
    setRepeat("");
    return "Your password was changed. Your other devices were signed out.";
  });
  return (
    <section className="card" aria-labelledby="password-h" style={{ marginTop: "1rem" }}>
      <h2 id="password-h">Change password</h2>
      <form onSubmit={submit} className="grid">
        <label className="field">
          Current password
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label className="field">
          New password
          <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required minLength={12} />
        </label>
        <label className="field">
          Repeat the new password
          <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
        </label>
        <div className="wide">
          <button type="submit" className="btn primary" disabled={form.busy}>
            Change password
          </button>
        </div>
      </form>
      {form.status}
    </section>
  );
}

function ChangeEmail() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useForm();
  const submit = form.run(async () => {
    const user = await accountSettingsApi.changeEmail(password, email);
    setPassword("");
    setEmail("");
    await api.refresh(); // the access token carries the address: take a fresh one
    await useAuth.getState().refreshUser();
    return `Your email address is now ${user.email}. We sent a confirmation link there and told your old address.`;
  });
  return (
    <section className="card" aria-labelledby="email-h" style={{ marginTop: "1rem" }}>
      <h2 id="email-h">Change email address</h2>
      <form onSubmit={submit} className="grid">
        <label className="field">
          New email address
          <input type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label className="field">
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <div className="wide">
          <button type="submit" className="btn primary" disabled={form.busy}>
            Change email
          </button>
        </div>
      </form>
      {form.status}
    </section>
  );
}

function DownloadData() {
  const form = useForm();
  const download = form.run(async () => {
    const blob = await accountSettingsApi.exportData();
    await saveBlobUrl(URL.createObjectURL(blob), `resumepair-data-${new Date().toISOString().slice(0, 10)}.zip`);
    return `Downloaded your data (${Math.max(1, Math.round(blob.size / 1024))} KB).`;
  });
  return (
    <section className="card" aria-labelledby="data-h" style={{ marginTop: "1rem" }}>
      <h2 id="data-h">Your data</h2>
      <p>One ZIP archive with your account, preferences, sessions, every document with all its saved versions, your share links and photos.</p>
      <button type="button" className="btn" disabled={form.busy} onClick={() => void download()}>
        {form.busy ? "Preparing…" : "Download all my data"}
      </button>
      {form.status}
    </section>
  );
}

function DeleteAccount() {
  const [password, setPassword] = useState("");
  const email = useAuth((s) => s.user?.email);
  const form = useForm();
  const submit = form.run(async () => {
    await accountSettingsApi.requestDeletion(password);
    setPassword("");
    return `We sent a link to ${email}. Open it within an hour to delete your account for good.`;
  });
  return (
    <section className="card danger-zone" aria-labelledby="delete-h" style={{ marginTop: "1rem" }}>
      <h2 id="delete-h">Delete account</h2>
      <p>Deletes every document, version, photo, share link and export, and signs out every device. It cannot be undone.</p>
      <form onSubmit={submit} className="grid">
        <label className="field">
          Password to confirm
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <div className="wide">
          <button type="submit" className="btn danger" disabled={form.busy}>
            Delete my account…
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
