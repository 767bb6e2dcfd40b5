import { useEffect, useRef, useState } from "react";
import type { DocType, DocumentSummary } from "../api/documents";
import { Link, navigate } from "../router";
import { useAuth } from "../stores/authStore";
import { useDocuments } from "../stores/documentsStore";
import { ErrorBox } from "../components/ErrorBox";
import { EmptyState } from "../components/EmptyState";
import { ImportMenu } from "../components/ImportMenu";
import { BatchZipExport } from "../components/BatchZipExport";

const typeLabel = (t: string) => (t === "resume" ? "Resume" : "Cover letter");

/** Days until a trashed document is deleted for good. */
export function daysUntilPurge(purgeAt: string | null | undefined, now = Date.now()): number | null {
  if (!purgeAt) return null;
  return Math.max(0, Math.ceil((Date.parse(purgeAt) - now) / 86_400_000));
}

export function DocumentsScreen({ view = "active" }: { view?: "active" | "trash" }) {
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
      const doc = await create(type, type === "resume" ? "Untitled resume" : "Untitled cover letter", user?.name || "Your name");
      navigate(`/documents/${doc.id}`);
    });
  if (view === "trash") return <TrashView />;
  const shown = items.filter((d) => filter === "all" || d.type === filter);

  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>Your documents</h1>
        <div className="toolbar-actions">
          <button type="button" className="btn primary" onClick={() => newDoc("resume")}>
            New resume
          </button>
          <button type="button" className="btn" onClick={() => newDoc("cover_letter")}>
            New cover letter
          </button>
          <ImportMenu />
        </div>
      </div>
      <div className="tabs" role="radiogroup" aria-label="Show">
        {(["all", "resume", "cover_letter"] as const).map((f) => (
          <label key={f} className={`tab${filter === f ? " active" : ""}`}>
            <input type="radio" name="doc-filter" className="visually-hidden" checked={filter === f} onChange={() => setFilter(f)} />
            {f === "all" ? "All" : typeLabel(f) + "s"}
          </label>
        ))}
      </div>
      <ErrorBox message={message} />
      {error && (
        <p className="error-box" role="alert">
          Could not load your documents: {error}{" "}
          <button type="button" className="btn small" onClick={() => void load()}>
            Try again
          </button>
        </p>
      )}
      {loading && items.length === 0 ? (
        <ul className="doc-grid" aria-busy="true" aria-label="Loading documents">
          {[0, 1, 2].map((i) => (
            <li key={i} className="card skeleton" style={{ height: 120 }} />
          ))}
        </ul>
      ) : items.length === 0 && !error ? (
        <EmptyState ownerName={user?.name || "Your name"} />
      ) : shown.length === 0 ? (
        <p className="muted">No {filter === "resume" ? "resumes" : "cover letters"} yet.</p>
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
  const { trashed, trashLoading, trashError, loadTrash, restore } = useDocuments();
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void loadTrash();
  }, [loadTrash]);
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>Trash</h1>
        <Link to="/">← Documents</Link>
      </div>
      <p className="muted">Trashed documents are deleted for good after 30 days.</p>
      <ErrorBox message={message} />
      {trashError && (
        <p className="error-box" role="alert">
          Could not load the trash: {trashError}{" "}
          <button type="button" className="btn small" onClick={() => void loadTrash()}>
            Try again
          </button>
        </p>
      )}
      {trashLoading && trashed.length === 0 ? (
        <div className="skeleton" style={{ height: 120 }} aria-busy="true" aria-label="Loading trash" />
      ) : trashed.length === 0 ? (
        <p className="muted">The trash is empty.</p>
      ) : (
        <ul className="trash-list" aria-label="Trashed documents">
          {trashed.map((d) => {
            const days = daysUntilPurge(d.purgeAt);
            return (
              <li key={d.id} data-testid="trash-item">
                <span>
                  <strong>{d.title}</strong> <span className="muted small">{typeLabel(d.type)}</span>
                  {d.deletedAt && <span className="muted small"> · trashed {new Date(d.deletedAt).toLocaleDateString()}</span>}
                  {days != null && <span className="muted small"> · deleted for good in {days} {days === 1 ? "day" : "days"}</span>}
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
                  Restore “{d.title}”
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}

function DocCard(props: { doc: DocumentSummary; renaming: boolean; onRename(t: string): void; onStartRename(): void; onDuplicate(): void; onTrash(): void }) {
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
            New title for {doc.title}
          </label>
          <input id={`rename-${doc.id}`} autoFocus value={title} onChange={(e) => setTitle(e.target.value)} onBlur={() => commit(title.trim())} onKeyDown={(e) => e.key === "Escape" && commit(doc.title)} />
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
      <p className="muted small">Edited {new Date(doc.updatedAt).toLocaleString()}</p>
      <div className="doc-actions">
        <button type="button" className="btn small" onClick={props.onStartRename} aria-label={`Rename ${doc.title}`}>
          Rename
        </button>
        <button type="button" className="btn small" onClick={props.onDuplicate} aria-label={`Duplicate ${doc.title}`}>
          Duplicate
        </button>
        <button type="button" className="btn small danger" onClick={props.onTrash} aria-label={`Move ${doc.title} to trash`}>
          Trash
        </button>
      </div>
    </li>
  );
}
