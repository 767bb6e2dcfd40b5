import { useEffect, useRef, useState } from "react";
import type { DocType, DocumentSummary } from "../api/documents";
import { navigate } from "../router";
import { useAuth } from "../stores/authStore";
import { useDocuments } from "../stores/documentsStore";

const typeLabel = (t: string) => (t === "resume" ? "Resume" : "Cover letter");

export function DocumentsScreen() {
  const { items, trashed, loading, error, load, create, rename, duplicate, trash, restore } = useDocuments();
  const user = useAuth((s) => s.user);
  const [filter, setFilter] = useState<"all" | DocType>("all");
  const [renaming, setRenaming] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void load();
  }, [load]);

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
      {message && (
        <p className="error-box" role="alert">
          {message}
        </p>
      )}
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
      ) : shown.length === 0 ? (
        <p className="muted">No documents yet. Create a resume to get started.</p>
      ) : (
        <ul className="doc-grid">
          {shown.map((d) => (
            <DocCard
              key={d.id}
              doc={d}
              renaming={renaming === d.id}
              onRename={(title) => act(async () => {
                setRenaming(null);
                if (title && title !== d.title) await rename(d.id, title);
              })}
              onStartRename={() => setRenaming(d.id)}
              onDuplicate={() => act(() => duplicate(d.id))}
              onTrash={() => act(() => trash(d.id))}
            />
          ))}
        </ul>
      )}
      {trashed.length > 0 && (
        <section aria-labelledby="trash-heading" className="trash">
          <h2 id="trash-heading">Trash</h2>
          <p className="muted">Trashed documents are kept for 30 days.</p>
          <ul className="trash-list">
            {trashed.map((d) => (
              <li key={d.id}>
                <span>{d.title}</span>
                <button type="button" className="btn small" onClick={() => act(() => restore(d.id))}>
                  Restore “{d.title}”
                </button>
              </li>
            ))}
          </ul>
        </section>
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
          <a href={`/documents/${doc.id}`} onClick={(e) => { e.preventDefault(); navigate(`/documents/${doc.id}`); }}>
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
