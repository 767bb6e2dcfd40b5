import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DocumentSummary } from "../api/documents";
import { exportsApi, type ExportJob, type Template } from "../api/exports";
import { formatsApi } from "../api/formats";
import { describeLimit } from "../lib/limits";
import { saveBlobUrl } from "../screens/ExportsScreen";
import { ExportJobStatus } from "./ExportJobStatus";

const MAX_BATCH = 10; // the export service's limit per batch

interface Row {
  doc: DocumentSummary;
  job: ExportJob;
}

/**
 * Several documents as PDFs in one template and page size: one batch (all or nothing), each job followed live, a
 * failed one retried on its own, and every finished file downloaded as one ZIP (GET /batch/{id}/zip).
 */
export function BatchZipExport({ documents }: { documents: DocumentSummary[] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string[]>([]);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [templateId, setTemplateId] = useState("");
  const [pageSize, setPageSize] = useState("A4");
  const [batchId, setBatchId] = useState<string | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const stops = useRef<(() => void)[]>([]);
  useEffect(() => () => stops.current.forEach((s) => s()), []);
  useEffect(() => {
    exportsApi.templates().then(setTemplates, () => setTemplates([]));
  }, []);
  const types = new Set(documents.filter((d) => chosen.includes(d.id)).map((d) => d.type));
  const usable = templates.filter(
    (t) => !t.documentTypes || [...types].every((type) => t.documentTypes!.includes(type)),
  );
  const template = usable.find((t) => t.id === templateId) ?? usable[0];
  const update = (job: ExportJob) => setRows((rs) => rs.map((r) => (r.job.jobId === job.jobId ? { ...r, job } : r)));
  const follow = (jobId: string) => stops.current.push(exportsApi.follow(jobId, update));

  const start = async () => {
    setMessage(null);
    if (!template) return;
    try {
      const accepted = await formatsApi.batch(chosen, template.id, pageSize);
      stops.current.forEach((s) => s());
      stops.current = [];
      setBatchId(accepted.batchId);
      setRows(
        accepted.jobs.map((j) => ({
          doc: documents.find((d) => d.id === j.documentId)!,
          job: { jobId: j.jobId, status: j.status },
        })),
      );
      accepted.jobs.forEach((j) => follow(j.jobId));
    } catch (e) {
      setMessage(describeLimit(e, t("limits.what.export")).message);
    }
  };
  const retry = async (row: Row) => {
    try {
      update(await exportsApi.retry(row.job.jobId));
      follow(row.job.jobId);
    } catch (e) {
      setMessage(describeLimit(e, t("limits.what.export")).message);
    }
  };
  const downloadZip = async () => {
    if (!batchId) return;
    setMessage(null);
    try {
      await saveBlobUrl(await formatsApi.batchZip(batchId), t("batchZip.fileName", { count: rows.length }));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const finished = rows.length > 0 && rows.every((r) => r.job.status !== "pending" && r.job.status !== "processing");
  const anyDone = rows.some((r) => r.job.status === "completed");

  return (
    <details className="card batch-zip">
      <summary>{t("batchZip.summary")}</summary>
      <fieldset>
        <legend>{t("batchZip.documents")}</legend>
        {documents.map((d) => (
          <label key={d.id} className="field-check">
            <input
              type="checkbox"
              checked={chosen.includes(d.id)}
              onChange={() => setChosen((l) => (l.includes(d.id) ? l.filter((x) => x !== d.id) : [...l, d.id]))}
            />{" "}
            {d.title}
          </label>
        ))}
      </fieldset>
      <div className="inline-fields">
        <label>
          {t("export.template")}{" "}
          <select value={template?.id ?? ""} onChange={(e) => setTemplateId(e.target.value)}>
            {usable.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("export.pageSize")}{" "}
          <select value={pageSize} onChange={(e) => setPageSize(e.target.value)}>
            <option value="A4">{t("pageSize.A4")}</option>
            <option value="Letter">{t("pageSize.Letter")}</option>
          </select>
        </label>
        <button
          type="button"
          className="btn small primary"
          disabled={chosen.length === 0 || chosen.length > MAX_BATCH || !template}
          onClick={() => void start()}
        >
          {chosen.length > MAX_BATCH
            ? t("export.atMost", { count: MAX_BATCH })
            : t("batchZip.start", { count: chosen.length })}
        </button>
      </div>
      {rows.length > 0 && (
        <ul className="batch-rows" aria-label={t("batchZip.rows")}>
          {rows.map((r) => (
            <li key={r.job.jobId}>
              <strong>{r.doc?.title ?? r.job.jobId}</strong>{" "}
              <ExportJobStatus job={r.job} label={r.doc?.title ?? t("export.pdf")} onRetry={() => void retry(r)} />
            </li>
          ))}
        </ul>
      )}
      {finished && anyDone && (
        <button type="button" className="btn primary" onClick={() => void downloadZip()}>
          {t("batchZip.download")}
        </button>
      )}
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </details>
  );
}
