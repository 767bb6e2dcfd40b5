import { useEffect, useState } from "react";
import { daysLeft, exportsApi, type HistoryItem, type HistoryStats, type Template } from "../api/exports";
import { Link } from "../router";
import { ErrorBox } from "../components/ErrorBox";
import { fileName } from "../lib/downloadName";
import { extensionOf } from "../api/formats";

const size = (n?: number | null) => (n == null ? "—" : n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export async function saveBlobUrl(url: string, filename: string) {
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}


/** Export history: every completed export with size, pages, template, downloads and days left; download again. */
export function ExportsScreen() {
  const [items, setItems] = useState<HistoryItem[] | null>(null);
  const [stats, setStats] = useState<HistoryStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [templates, setTemplates] = useState<Template[]>([]);
  useEffect(() => {
    exportsApi.templates().then(setTemplates, () => setTemplates([]));
  }, []);
  const templateName = (id: string) => templates.find((t) => t.id === id)?.name ?? id;
  const load = async () => {
    try {
      const page = await exportsApi.history();
      setItems(page.items);
      setStats(page.stats ?? null);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const download = async (item: HistoryItem) => {
    setMessage(null);
    try {
      await saveBlobUrl(await exportsApi.downloadUrl(item.jobId), fileName(item.title, extensionOf(item.type)));
      setItems((list) => list?.map((i) => (i.jobId === item.jobId ? { ...i, downloads: i.downloads + 1 } : i)) ?? null);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>Exports</h1>
        <button type="button" className="btn small" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {stats && (
        <ul className="stat-grid" aria-label="Export figures">
          <li className="card stat">
            <span className="stat-label">Exports</span>
            <span className="stat-value">{stats.exports}</span>
          </li>
          <li className="card stat">
            <span className="stat-label">Available</span>
            <span className="stat-value">{stats.liveExports}</span>
          </li>
          <li className="card stat">
            <span className="stat-label">Downloads</span>
            <span className="stat-value">{stats.downloads}</span>
          </li>
          <li className="card stat">
            <span className="stat-label">Storage</span>
            <span className="stat-value">
              {size(stats.storageUsedBytes)} / {size(stats.storageQuotaBytes)}
            </span>
          </li>
        </ul>
      )}
      {error && (
        <p className="error-box" role="alert">
          Could not load your exports: {error}
        </p>
      )}
      <ErrorBox message={message} />
      {!items && !error ? (
        <div className="skeleton" style={{ height: 160 }} aria-busy="true" aria-label="Loading exports" />
      ) : items && items.length === 0 ? (
        <p className="muted">No exports yet. Open a document and choose Export PDF.</p>
      ) : (
        items && (
          <table className="jobs-table stack-on-phone" aria-label="Export history">
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Template</th>
                <th scope="col">Size</th>
                <th scope="col">Exported</th>
                <th scope="col">Downloads</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const days = daysLeft(i.expiresAt);
                return (
                  <tr key={i.jobId} data-testid="history-row">
                    <td data-label="Document">
                      <Link to={`/documents/${i.documentId}`}>{i.title}</Link> <span className="muted small">v{i.documentVersion}</span>
                    </td>
                    <td data-label="Template">
                      {i.type === "export_json" ? "JSON Resume" : i.type === "export_docx" ? "Word (DOCX)" : `${templateName(i.templateId)} · ${i.pageSize}`}
                    </td>
                    <td data-label="Size">
                      {size(i.sizeBytes)}
                      {i.pages ? ` · ${i.pages} ${i.pages === 1 ? "page" : "pages"}` : ""}
                    </td>
                    <td data-label="Exported">{new Date(i.completedAt).toLocaleString()}</td>
                    <td data-label="Downloads">{i.downloads}</td>
                    <td data-label="Expires">{i.expired ? <span className="badge warn">expired</span> : days == null ? "never" : `${days} ${days === 1 ? "day" : "days"} left`}</td>
                    <td>
                      <button type="button" className="btn small" disabled={i.expired} onClick={() => download(i)} aria-label={`Download ${i.title} (${new Date(i.completedAt).toLocaleString()})`}>
                        Download
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      )}
    </main>
  );
}
