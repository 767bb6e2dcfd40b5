import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import "./history.css";
import { historyApi, type VersionComparison, type VersionSummary } from "../api/history";
import type { DocumentSync } from "../sync/documentSync";
import { VersionDiffView } from "./VersionDiffView";
import { formatDateTime } from "../i18n/format";

const when = (iso: string) => formatDateTime(iso, { dateStyle: "medium", timeStyle: "short" });

/**
 * The document's saved versions: when, what changed (one line), named snapshots, a field-by-field comparison of any
 * two, and restore — which writes a new version, so it can itself be undone.
 */
export function HistoryPanel({ docId, sync, version }: { docId: string; sync: DocumentSync; version: number }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<VersionSummary[] | null>(null);
  const [namedOnly, setNamedOnly] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [comparison, setComparison] = useState<VersionComparison | null>(null);
  const [snapshot, setSnapshot] = useState("");
  const [renaming, setRenaming] = useState<{ version: number; label: string } | null>(null);
  const [restored, setRestored] = useState<{ from: number; previous: number; version: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const loaded = useRef(0);

  const load = useCallback(async () => {
    const call = ++loaded.current;
    try {
      const page = await historyApi.list(docId, undefined, namedOnly);
      if (call === loaded.current) setItems(page.items);
    } catch (e) {
      if (call === loaded.current) setError(e instanceof Error ? e.message : String(e));
    }
  }, [docId, namedOnly]);
  // Every save is a version: follow them, a moment after typing stops.
  useEffect(() => {
    const timer = setTimeout(() => void load(), items === null ? 0 : 1000);
    return () => clearTimeout(timer);
  }, [load, version]); // eslint-disable-line react-hooks/exhaustive-deps

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  /** Saves what is typed first, so the restore (If-Match: the saved version) never overwrites unsent edits. */
  const restore = (target: number) =>
    act(async () => {
      await sync.flushNow();
      const previous = sync.state.version;
      const doc = await historyApi.restore(docId, target, previous);
      await sync.remoteVersion(doc.version);
      setRestored({ from: target, previous, version: doc.version });
      setComparison(null);
    });

  const saveSnapshot = () =>
    act(async () => {
      await sync.flushNow();
      await historyApi.name(docId, sync.state.version, snapshot);
      setSnapshot("");
    });

  const compare = (from: number, to: number) =>
    act(async () => setComparison(await historyApi.compare(docId, Math.min(from, to), Math.max(from, to))));

  const toggle = (v: number) =>
    setSelected((s) => (s.includes(v) ? s.filter((x) => x !== v) : [...s, v].slice(-2)));

  return (
    <section className="card history-panel" aria-labelledby="history-heading" tabIndex={-1}>
      <div className="section-head">
        <h2 id="history-heading">{t("history.title")}</h2>
        <label className="inline small">
          <input type="checkbox" checked={namedOnly} onChange={(e) => setNamedOnly(e.target.checked)} />{" "}
          {t("history.namedOnly")}
        </label>
      </div>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (snapshot.trim()) void saveSnapshot();
        }}
      >
        <label className="field">
          {t("history.snapshotName")}
          <input
            value={snapshot}
            maxLength={80}
            placeholder={t("history.snapshotExample")}
            onChange={(e) => setSnapshot(e.target.value)}
          />
        </label>
        <button type="submit" className="btn small" disabled={busy || !snapshot.trim()}>
          {t("history.saveSnapshot")}
        </button>
      </form>
      {restored && (
        <p className="notice" role="status">
          {t("history.restored", { from: restored.from, version: restored.version })}{" "}
          <button
            type="button"
            className="btn small"
            disabled={busy}
            onClick={() => {
              setRestored(null);
              void restore(restored.previous);
            }}
          >
            {t("history.undoRestore")}
          </button>
        </p>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="history-actions">
        <button
          type="button"
          className="btn small"
          disabled={busy || selected.length !== 2}
          onClick={() => void compare(selected[0], selected[1])}
        >
          {t("history.compareSelected")}
        </button>
        <span className="muted small">
          {selected.length === 2
            ? t("history.pair", { from: Math.min(...selected), to: Math.max(...selected) })
            : t("history.selectTwo")}
        </span>
      </div>
      {comparison && <VersionDiffView comparison={comparison} onClose={() => setComparison(null)} />}
      {items === null ? (
        <p className="muted">{t("history.loading")}</p>
      ) : items.length === 0 ? (
        <p className="muted">{namedOnly ? t("history.noNamed") : t("history.none")}</p>
      ) : (
        <ol className="versions" aria-label={t("history.versions")}>
          {items.map((v) => (
            <li key={v.version} className="version" data-testid="version-row" data-version={v.version}>
              <label className="version-pick">
                <input type="checkbox" checked={selected.includes(v.version)} onChange={() => toggle(v.version)}
                  aria-label={t("history.select", { version: v.version })} />
                <span className="version-number">{t("history.versionShort", { version: v.version })}</span>
              </label>
              <div className="version-body">
                <div>
                  <time dateTime={v.createdAt}>{when(v.createdAt)}</time>
                  {v.version === version && <span className="badge"> {t("history.current")}</span>}
                  {v.label && <span className="badge snapshot" data-testid="version-label">{v.label}</span>}
                </div>
                <p className="small version-summary">{v.summary}</p>
                {renaming?.version === v.version ? (
                  <form className="inline-form" onSubmit={(e) => {
                    e.preventDefault();
                    void act(async () => {
                      await historyApi.name(docId, v.version, renaming.label);
                      setRenaming(null);
                    });
                  }}>
                    <label className="field">
                      {t("history.nameOf", { version: v.version })}
                      <input
                        autoFocus
                        value={renaming.label}
                        maxLength={80}
                        onChange={(e) => setRenaming({ version: v.version, label: e.target.value })}
                      />
                    </label>
                    <button type="submit" className="btn small" disabled={busy || !renaming.label.trim()}>
                      {t("history.saveName")}
                    </button>
                    <button type="button" className="btn small" onClick={() => setRenaming(null)}>
                      {t("common.cancel")}
                    </button>
                  </form>
                ) : (
                  <div className="version-actions">
                    {v.version !== version && (
                      <>
                        <button
                          type="button"
                          className="btn small"
                          disabled={busy}
                          onClick={() => void compare(v.version, version)}
                          aria-label={t("history.compareWithCurrentLabel", { version: v.version })}
                        >
                          {t("history.compareWithCurrent")}
                        </button>
                        <button
                          type="button"
                          className="btn small"
                          disabled={busy}
                          onClick={() => void restore(v.version)}
                          aria-label={t("history.restoreLabel", { version: v.version })}
                        >
                          {t("history.restore")}
                        </button>
                      </>
                    )}
                    <button
                      type="button"
                      className="btn small"
                      disabled={busy}
                      onClick={() => setRenaming({ version: v.version, label: v.label ?? "" })}
                      aria-label={
                        v.label
                          ? t("history.renameLabel", { version: v.version })
                          : t("history.nameLabel", { version: v.version })
                      }
                    >
                      {v.label ? t("history.rename") : t("history.name")}
                    </button>
                    {v.label && (
                      <button
                        type="button"
                        className="btn small"
                        disabled={busy}
                        onClick={() => void act(() => historyApi.unname(docId, v.version))}
                        aria-label={t("history.removeNameLabel", { version: v.version })}
                      >
                        {t("history.removeName")}
                      </button>
                    )}
                  </div>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
