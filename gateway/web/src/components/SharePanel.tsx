import { useCallback, useEffect, useState } from "react";
import { sharesApi, type Share, type ShareStats } from "../api/shares";
import { ApiError } from "../api/client";

/**
 * The resume's public link: publish (off by default), optional password, search-engine opt-in, a new address
 * (the old one stops working), unpublish, and the page's views and downloads per day.
 */
export function SharePanel({ docId }: { docId: string }) {
  const [share, setShare] = useState<Share | null | undefined>(undefined);
  const [stats, setStats] = useState<ShareStats | null>(null);
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      // One call: the statistics carry the link (a GET of an unpublished link would be a 404).
      const st = await sharesApi.stats(docId);
      setShare(st.share);
      setStats(st);
    } catch {
      setShare(null);
    }
  }, [docId]);
  useEffect(() => void load(), [load]);

  const run = async (action: () => Promise<Share | void>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const result = await action();
      setShare(result ?? null);
      setPassword("");
      setMessage(done);
      setStats(await sharesApi.stats(docId));
    } catch (e) {
      setMessage(e instanceof ApiError ? (e.problem.errors?.password?.[0] ?? e.problem.detail ?? e.problem.title) : "Could not reach the server.");
    } finally {
      setBusy(false);
    }
  };

  const link = share ? `${window.location.origin}${share.url}` : "";
  return (
    <section className="card" aria-labelledby="share-heading">
      <h2 id="share-heading">Share link</h2>
      {share === undefined && <p className="muted">Loading…</p>}
      {share === null && (
        <>
          <p className="muted">Not published. Publishing gives this resume a public page with a PDF download.</p>
          <button type="button" className="btn primary" disabled={busy} onClick={() => void run(() => sharesApi.publish(docId, { indexable: false }), "Published.")}>
            Publish link
          </button>
        </>
      )}
      {share && (
        <>
          <p>
            <a href={share.url} target="_blank" rel="noreferrer" data-testid="share-url">{link}</a>{" "}
            <button type="button" className="btn small" onClick={() => void navigator.clipboard?.writeText(link).then(() => setMessage("Link copied."))}>
              Copy
            </button>
          </p>
          <p className="muted" data-testid="share-protection">{share.hasPassword ? "Protected by a password." : "Anyone with the link can open it."}</p>
          <label className="check">
            <input type="checkbox" checked={share.indexable} disabled={busy}
              onChange={(e) => void run(() => sharesApi.publish(docId, { indexable: e.target.checked }), e.target.checked ? "Search engines may list it." : "Hidden from search engines.")} />
            Let search engines list this page
          </label>
          <form onSubmit={(e) => { e.preventDefault(); void run(() => sharesApi.publish(docId, { indexable: share.indexable, password }), "Password set."); }}>
            <label htmlFor="share-password">Password</label>
            <input id="share-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} minLength={4} />
            <button type="submit" className="btn small" disabled={busy || password.length === 0}>Set password</button>
            {share.hasPassword && (
              <button type="button" className="btn small" disabled={busy} onClick={() => void run(() => sharesApi.publish(docId, { indexable: share.indexable, password: "" }), "Password removed.")}>
                Remove password
              </button>
            )}
          </form>
          <p>
            <button type="button" className="btn small" disabled={busy} onClick={() => void run(() => sharesApi.rotate(docId), "New link: the old one no longer works.")}>
              New link
            </button>{" "}
            <button type="button" className="btn small" disabled={busy} onClick={() => void run(() => sharesApi.unpublish(docId), "Unpublished.")}>
              Unpublish
            </button>
          </p>
        </>
      )}
      {stats && (share || stats.views + stats.downloads > 0) && (
        <div aria-label="Share statistics">
          <p>
            <strong data-testid="share-views">{stats.views}</strong> {stats.views === 1 ? "view" : "views"},{" "}
            <strong data-testid="share-downloads">{stats.downloads}</strong> {stats.downloads === 1 ? "download" : "downloads"} in the last 30 days{" "}
            <button type="button" className="btn small" onClick={() => void load()}>Refresh</button>
          </p>
          {stats.days.length > 0 && (
            <table className="share-stats">
              <thead><tr><th scope="col">Day</th><th scope="col">Views</th><th scope="col">Downloads</th></tr></thead>
              <tbody>
                {stats.days.map((d) => <tr key={d.day}><td>{d.day}</td><td>{d.views}</td><td>{d.downloads}</td></tr>)}
              </tbody>
            </table>
          )}
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
