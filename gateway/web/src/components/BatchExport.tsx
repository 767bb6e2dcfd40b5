import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { exportsApi, type ExportJob, type Template } from "../api/exports";
import { downloadName, personOf } from "../lib/downloadName";
import { describeLimit } from "../lib/limits";
import { PAGE_SIZES } from "../design/designOptions";
import { saveBlobUrl } from "../screens/ExportsScreen";
import { useEditor } from "../stores/editorStore";

const MAX_BATCH = 10; // the export service's limit per batch (documents × variants)

interface Row {
  templateId: string;
  pageSize: string;
  job: ExportJob;
}

/** Several templates and/or page sizes at once: one batch request, one job each, each downloadable when ready. */
export function BatchExport({
  docId,
  type,
  usable,
  pending,
  flush,
}: {
  docId: string;
  type: string;
  usable: Template[];
  pending: boolean;
  flush(): Promise<void>;
}) {
  const { t } = useTranslation();
  const [templates, setTemplates] = useState<string[]>([]);
  const [sizes, setSizes] = useState<string[]>(["A4"]);
  const [rows, setRows] = useState<Row[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const stops = useRef<(() => void)[]>([]);
  useEffect(() => () => stops.current.forEach((s) => s()), []);
  const variants = templates.flatMap((templateId) => sizes.map((pageSize) => ({ templateId, pageSize })));
  const toggle = (list: string[], value: string) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  const name = (id: string) => usable.find((t) => t.id === id)?.name ?? id;

  const start = async () => {
    setMessage(null);
    try {
      if (pending) await flush();
      const accepted = await exportsApi.batch(docId, variants);
      stops.current.forEach((s) => s());
      setRows(
        accepted.jobs.map((j) => ({
          templateId: j.templateId,
          pageSize: j.pageSize,
          job: { jobId: j.jobId, status: j.status },
        })),
      );
      stops.current = accepted.jobs.map((j) =>
        exportsApi.follow(j.jobId, (job) =>
          setRows((rs) => rs.map((r) => (r.job.jobId === job.jobId ? { ...r, job } : r))),
        ),
      );
    } catch (e) {
      setMessage(describeLimit(e, t("limits.what.export")).message);
    }
  };
  const download = async (r: Row) => {
    try {
      const base = downloadName(personOf(useEditor.getState().data), type).replace(/\.pdf$/, "");
      await saveBlobUrl(
        await exportsApi.downloadUrl(r.job.jobId),
        `${base} (${name(r.templateId)}, ${r.pageSize}).pdf`,
      );
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <details className="batch-export">
      <summary>{t("batch.summary")}</summary>
      <fieldset>
        <legend>{t("batch.templates")}</legend>
        {usable.map((tpl) => (
          <label key={tpl.id} className="field-check">
            <input
              type="checkbox"
              checked={templates.includes(tpl.id)}
              onChange={() => setTemplates((l) => toggle(l, tpl.id))}
            />{" "}
            {tpl.name}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("batch.pageSizes")}</legend>
        {PAGE_SIZES.map((s) => (
          <label key={s} className="field-check">
            <input type="checkbox" checked={sizes.includes(s)} onChange={() => setSizes((l) => toggle(l, s))} />{" "}
            {t(`pageSize.${s}`)}
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        className="btn small primary"
        disabled={variants.length === 0 || variants.length > MAX_BATCH}
        onClick={() => void start()}
      >
        {variants.length > MAX_BATCH
          ? t("export.atMost", { count: MAX_BATCH })
          : t("batch.start", { count: variants.length })}
      </button>
      {rows.length > 0 && (
        <ul className="batch-rows" aria-label={t("batch.rows")} aria-live="polite">
          {rows.map((r) => (
            <li key={r.job.jobId} data-status={r.job.status}>
              <span>
                {name(r.templateId)} · {r.pageSize}:{" "}
                {r.job.status === "completed" ? t("batch.ready") : t(`jobStatus.${r.job.status}`)}
              </span>
              {r.job.status === "completed" && (
                <button
                  type="button"
                  className="btn small"
                  onClick={() => void download(r)}
                  aria-label={t("batch.downloadLabel", { template: name(r.templateId), size: r.pageSize })}
                >
                  {t("batch.download")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </details>
  );
}
