import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { sharesApi, type Share, type ShareStats } from "../api/shares";
import { ApiError } from "../api/client";
import { formatDate } from "../i18n/format";

/**
 * The resume's public link: publish (off by default), optional password, search-engine opt-in, a new address
 * (the old one stops working), unpublish, and the page's views and downloads per day.
 */
export function SharePanel({ docId }: { docId: string }) {
  const { t } = useTranslation();
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
      setMessage(
        e instanceof ApiError
          ? (e.problem.errors?.password?.[0] ?? e.problem.detail ?? e.problem.title)
          : t("common.unreachable"),
      );
    } finally {
      setBusy(false);
    }
  };

  const link = share ? `${window.location.origin}${share.url}` : "";
  return (
    <section className="card" aria-labelledby="share-heading">
      <h2 id="share-heading">{t("share.title")}</h2>
      {share === undefined && <p className="muted">{t("common.loadingDots")}</p>}
      {share === null && (
        <>
          <p className="muted">{t("share.notPublished")}</p>
          <button
            type="button"
            className="btn primary"
            disabled={busy}
            onClick={() => void run(() => sharesApi.publish(docId, { indexable: false }), t("share.published"))}
          >
            {t("share.publish")}
          </button>
        </>
      )}
      {share && (
        <>
          <p>
            <a href={share.url} target="_blank" rel="noreferrer" data-testid="share-url">
              {link}
            </a>{" "}
            <button
              type="button"
              className="btn small"
              onClick={() => void navigator.clipboard?.writeText(link).then(() => setMessage(t("share.copied")))}
            >
              {t("share.copy")}
            </button>
          </p>
          <p className="muted" data-testid="share-protection">
            {share.hasPassword ? t("share.protected") : t("share.open")}
          </p>
          <label className="check">
            <input
              type="checkbox"
              checked={share.indexable}
              disabled={busy}
              onChange={(e) =>
                void run(
                  () => sharesApi.publish(docId, { indexable: e.target.checked }),
                  e.target.checked ? t("share.indexed") : t("share.hidden"),
                )
              }
            />
            {t("share.indexable")}
          </label>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                () => sharesApi.publish(docId, { indexable: share.indexable, password }),
                t("share.passwordSet"),
              );
            }}
          >
            <label htmlFor="share-password">{t("auth.password")}</label>
            <input
              id="share-password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              minLength={4}
            />
            <button type="submit" className="btn small" disabled={busy || password.length === 0}>
              {t("share.setPassword")}
            </button>
            {share.hasPassword && (
              <button
                type="button"
                className="btn small"
                disabled={busy}
                onClick={() =>
                  void run(
                    () => sharesApi.publish(docId, { indexable: share.indexable, password: "" }),
                    t("share.passwordRemoved"),
                  )
                }
              >
                {t("share.removePassword")}
              </button>
            )}
          </form>
          <p>
            <button
              type="button"
              className="btn small"
              disabled={busy}
              onClick={() => void run(() => sharesApi.rotate(docId), t("share.rotated"))}
            >
              {t("share.rotate")}
            </button>{" "}
            <button
              type="button"
              className="btn small"
              disabled={busy}
              onClick={() => void run(() => sharesApi.unpublish(docId), t("share.unpublished"))}
            >
              {t("share.unpublish")}
            </button>
          </p>
        </>
      )}
      {stats && (share || stats.views + stats.downloads > 0) && (
        <div aria-label={t("share.stats")}>
          <p>
            <strong data-testid="share-views">{stats.views}</strong> {t("share.views", { count: stats.views })},{" "}
            <strong data-testid="share-downloads">{stats.downloads}</strong>{" "}
            {t("share.downloads", { count: stats.downloads })}{" "}
            <button type="button" className="btn small" onClick={() => void load()}>
              {t("common.refresh")}
            </button>
          </p>
          {stats.days.length > 0 && (
            <table className="share-stats">
              <thead>
                <tr>
                  <th scope="col">{t("share.day")}</th>
                  <th scope="col">{t("share.viewsColumn")}</th>
                  <th scope="col">{t("share.downloadsColumn")}</th>
                </tr>
              </thead>
              <tbody>
                {stats.days.map((d) => (
                  <tr key={d.day}>
                    <td>{formatDate(`${d.day}T00:00:00`)}</td>
                    <td>{d.views}</td>
                    <td>{d.downloads}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
