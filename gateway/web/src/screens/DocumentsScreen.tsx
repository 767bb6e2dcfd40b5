import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DocType, DocumentSummary } from "../api/documents";
import { Link, navigate } from "../router";
import { useAuth } from "../stores/authStore";
import { useDocuments } from "../stores/documentsStore";
import { ErrorBox } from "../components/ErrorBox";
import { EmptyState } from "../components/EmptyState";
import { ImportMenu } from "../components/ImportMenu";
import { BatchZipExport } from "../components/BatchZipExport";
import { t as translate } from "../i18n";
import { formatDate, formatDateTime } from "../i18n/format";

const typeLabel = (type: string) =>
  type === "resume" ? translate("documents.type.resume") : translate("documents.type.coverLetter");

const FILTERS = ["all", "resume", "cover_letter"] as const;

/** Days until a trashed document is deleted for good. */
export function daysUntilPurge(purgeAt: string | null | undefined, now = Date.now()): number | null {
  if (!purgeAt) return null;
  return Math.max(0, Math.ceil((Date.parse(purgeAt) - now) / 86_400_000));
}

export function DocumentsScreen({ view = "active" }: { view?: "active" | "trash" }) {
  const { t } = useTranslation();
  const { items, loading, error, load, create, rename, duplicate, trash } = useDocuments();
  const user = useAuth((s) => s.user);
  const [filter, setFilter] = useState<"all" | DocType>("all");
  const [renaming, setRenaming] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (view === "active") void load();
  }, [load, view]);

  const act = async (fn: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const newDoc = (type: DocType) =>
    act(async () => {
      const title = type === "resume" ? t("documents.untitledResume") : t("documents.untitledCoverLetter");
      const doc = await create(type, title, user?.name || t("documents.yourName"));
      navigate(`/documents/${doc.id}`);
    });
  if (view === "trash") return <TrashView />;
  const shown = items.filter((d) => filter === "all" || d.type === filter);

  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>{t("documents.title")}</h1>
        <div className="toolbar-actions">
          <button type="button" className="btn primary" onClick={() => newDoc("resume")}>
            {t("documents.newResume")}
          </button>
          <button type="button" className="btn" onClick={() => newDoc("cover_letter")}>
            {t("documents.newCoverLetter")}
          </button>
          <ImportMenu />
        </div>
      </div>
      <div className="tabs" role="radiogroup" aria-label={t("documents.filter.label")}>
        {FILTERS.map((f) => (
          <label key={f} className={`tab${filter === f ? " active" : ""}`}>
            <input
              type="radio"
              name="doc-filter"
              className="visually-hidden"
              checked={filter === f}
              onChange={() => setFilter(f)}
            />
            {t(`documents.filter.${f}`)}
          </label>
        ))}
      </div>
      <ErrorBox message={message} />
      {error && (
        <p className="error-box" role="alert">
          {t("documents.loadFailed", { error })}{" "}
          <button type="button" className="btn small" onClick={() => void load()}>
            {t("common.tryAgain")}
          </button>
        </p>
      )}
      {loading && items.length === 0 ? (
        <ul className="doc-grid" aria-busy="true" aria-label={t("documents.loading")}>
          {[0, 1, 2].map((i) => (
            <li key={i} className="card skeleton" style={{ height: 120 }} />
          ))}
        </ul>
      ) : items.length === 0 && !error ? (
        <EmptyState ownerName={user?.name || t("documents.yourName")} />
      ) : shown.length === 0 ? (
        <p className="muted">{filter === "resume" ? t("documents.noResumes") : t("documents.noCoverLetters")}</p>
      ) : (
        <ul className="doc-grid">
          {shown.map((d) => (
            <DocCard
              key={d.id}
              doc={d}
              renaming={renaming === d.id}
              onRename={(title) =>
                act(async () => {
                  setRenaming(null);
                  if (title && title !== d.title) await rename(d.id, title);
                })
              }
              onStartRename={() => setRenaming(d.id)}
              onDuplicate={() => act(() => duplicate(d.id))}
              onTrash={() => act(() => trash(d.id))}
            />
          ))}
        </ul>
      )}
      {items.length > 1 && <BatchZipExport documents={items} />}
    </main>
  );
}

function TrashView() {
  const { t } = useTranslation();
  const { trashed, trashLoading, trashError, loadTrash, restore } = useDocuments();
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void loadTrash();
  }, [loadTrash]);
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>{t("trash.title")}</h1>
        <Link to="/">{t("trash.back")}</Link>
      </div>
      <p className="muted">{t("trash.intro", { count: 30 })}</p>
      <ErrorBox message={message} />
      {trashError && (
        <p className="error-box" role="alert">
          {t("trash.loadFailed", { error: trashError })}{" "}
          <button type="button" className="btn small" onClick={() => void loadTrash()}>
            {t("common.tryAgain")}
          </button>
        </p>
      )}
      {trashLoading && trashed.length === 0 ? (
        <div className="skeleton" style={{ height: 120 }} aria-busy="true" aria-label={t("trash.loading")} />
      ) : trashed.length === 0 ? (
        <p className="muted">{t("trash.empty")}</p>
      ) : (
        <ul className="trash-list" aria-label={t("trash.list")}>
          {trashed.map((d) => {
            const days = daysUntilPurge(d.purgeAt);
            return (
              <li key={d.id} data-testid="trash-item">
                <span>
                  <strong>{d.title}</strong> <span className="muted small">{typeLabel(d.type)}</span>
                  {d.deletedAt && (
                    <span className="muted small"> · {t("trash.trashedOn", { date: formatDate(d.deletedAt) })}</span>
                  )}
                  {days != null && <span className="muted small"> · {t("trash.purgeIn", { count: days })}</span>}
                </span>
                <button
                  type="button"
                  className="btn small"
                  onClick={async () => {
                    setMessage(null);
                    try {
                      await restore(d.id);
                    } catch (e) {
                      setMessage(e instanceof Error ? e.message : String(e));
                    }
                  }}
                >
                  {t("trash.restore", { title: d.title })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}

function DocCard(props: {
  doc: DocumentSummary;
  renaming: boolean;
  onRename(t: string): void;
  onStartRename(): void;
  onDuplicate(): void;
  onTrash(): void;
}) {
  const { t } = useTranslation();
  const { doc } = props;
  const [title, setTitle] = useState(doc.title);
  const committed = useRef(false);
  const commit = (value: string) => {
    if (committed.current) return; // Enter submits, then the input's blur on unmount must not rename again
    committed.current = true;
    props.onRename(value);
  };
  useEffect(() => {
    if (props.renaming) {
      committed.current = false;
      setTitle(doc.title);
    }
  }, [props.renaming, doc.title]);
  return (
    <li className="card doc-card">
      <span className={`badge badge-${doc.type}`}>{typeLabel(doc.type)}</span>
      {props.renaming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            commit(title.trim());
          }}
        >
          <label htmlFor={`rename-${doc.id}`} className="visually-hidden">
            {t("documents.card.newTitle", { title: doc.title })}
          </label>
          <input
            id={`rename-${doc.id}`}
            autoFocus
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            onBlur={() => commit(title.trim())}
            onKeyDown={(e) => e.key === "Escape" && commit(doc.title)}
          />
        </form>
      ) : (
        <h2 className="doc-title">
          <a
            href={`/documents/${doc.id}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/documents/${doc.id}`);
            }}
          >
            {doc.title}
          </a>
        </h2>
      )}
      <p className="muted small">{t("documents.card.edited", { at: formatDateTime(doc.updatedAt) })}</p>
      <div className="doc-actions">
        <button
          type="button"
          className="btn small"
          onClick={props.onStartRename}
          aria-label={t("documents.card.renameLabel", { title: doc.title })}
        >
          {t("documents.card.rename")}
        </button>
        <button
          type="button"
          className="btn small"
          onClick={props.onDuplicate}
          aria-label={t("documents.card.duplicateLabel", { title: doc.title })}
        >
          {t("documents.card.duplicate")}
        </button>
        <button
          type="button"
          className="btn small danger"
          onClick={props.onTrash}
          aria-label={t("documents.card.trashLabel", { title: doc.title })}
        >
          {t("documents.card.trash")}
        </button>
      </div>
    </li>
  );
}
