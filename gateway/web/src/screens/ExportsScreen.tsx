import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { daysLeft, exportsApi, type HistoryItem, type HistoryStats, type Template } from "../api/exports";
import { Link } from "../router";
import { ErrorBox } from "../components/ErrorBox";
import { fileName } from "../lib/downloadName";
import { extensionOf, FORMAT_NAMES } from "../api/formats";
import { t as translate } from "../i18n";
import { formatDateTime, formatNumber } from "../i18n/format";

const size = (n?: number | null) =>
  n == null
    ? "—"
    : n >= 1024 * 1024
      ? translate("exports.mb", {
          value: formatNumber(n / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
        })
      : translate("exports.kb", { value: formatNumber(Math.max(1, Math.round(n / 1024))) });

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
  const { t } = useTranslation();
  const [items, setItems] = useState<HistoryItem[] | null>(null);
  const [stats, setStats] = useState<HistoryStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [templates, setTemplates] = useState<Template[]>([]);
  useEffect(() => {
    exportsApi.templates().then(setTemplates, () => setTemplates([]));
  }, []);
  const templateName = (id: string) => templates.find((tpl) => tpl.id === id)?.name ?? id;
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
        <h1>{t("exports.title")}</h1>
        <button type="button" className="btn small" onClick={() => void load()}>
          {t("common.refresh")}
        </button>
      </div>
      {stats && (
        <ul className="stat-grid" aria-label={t("exports.figures")}>
          <li className="card stat">
            <span className="stat-label">{t("exports.title")}</span>
            <span className="stat-value">{formatNumber(stats.exports)}</span>
          </li>
          <li className="card stat">
            <span className="stat-label">{t("exports.available")}</span>
            <span className="stat-value">{formatNumber(stats.liveExports)}</span>
          </li>
          <li className="card stat">
            <span className="stat-label">{t("exports.downloads")}</span>
            <span className="stat-value">{formatNumber(stats.downloads)}</span>
          </li>
          <li className="card stat">
            <span className="stat-label">{t("exports.storage")}</span>
            <span className="stat-value">
              {size(stats.storageUsedBytes)} / {size(stats.storageQuotaBytes)}
            </span>
          </li>
        </ul>
      )}
      {error && (
        <p className="error-box" role="alert">
          {t("exports.loadFailed", { error })}
        </p>
      )}
      <ErrorBox message={message} />
      {!items && !error ? (
        <div className="skeleton" style={{ height: 160 }} aria-busy="true" aria-label={t("exports.loading")} />
      ) : items && items.length === 0 ? (
        <p className="muted">{t("exports.none")}</p>
      ) : (
        items && (
          <table className="jobs-table stack-on-phone" aria-label={t("export.history")}>
            <thead>
              <tr>
                <th scope="col">{t("exports.document")}</th>
                <th scope="col">{t("export.template")}</th>
                <th scope="col">{t("exports.size")}</th>
                <th scope="col">{t("exports.exported")}</th>
                <th scope="col">{t("exports.downloads")}</th>
                <th scope="col">{t("exports.expires")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("batch.download")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const days = daysLeft(i.expiresAt);
                return (
                  <tr key={i.jobId} data-testid="history-row">
                    <td data-label={t("exports.document")}>
                      <Link to={`/documents/${i.documentId}`}>{i.title}</Link>{" "}
                      <span className="muted small">{t("history.versionShort", { version: i.documentVersion })}</span>
                    </td>
                    <td data-label={t("export.template")}>
                      {i.type === "export_json"
                        ? FORMAT_NAMES.json
                        : i.type === "export_docx"
                          ? FORMAT_NAMES.docx
                          : `${templateName(i.templateId)} · ${i.pageSize}`}
                    </td>
                    <td data-label={t("exports.size")}>
                      {size(i.sizeBytes)}
                      {i.pages ? ` · ${t("design.fit.pages", { count: i.pages })}` : ""}
                    </td>
                    <td data-label={t("exports.exported")}>{formatDateTime(i.completedAt)}</td>
                    <td data-label={t("exports.downloads")}>{i.downloads}</td>
                    <td data-label={t("exports.expires")}>
                      {i.expired ? (
                        <span className="badge warn">{t("exports.expired")}</span>
                      ) : days == null ? (
                        t("exports.never")
                      ) : (
                        t("exports.daysLeft", { count: days })
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn small"
                        disabled={i.expired}
                        onClick={() => download(i)}
                        aria-label={t("exports.downloadLabel", { title: i.title, at: formatDateTime(i.completedAt) })}
                      >
                        {t("batch.download")}
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
