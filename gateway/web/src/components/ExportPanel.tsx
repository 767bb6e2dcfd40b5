import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { exportsApi, type ExportJob, type Template } from "../api/exports";
import { describeLimit } from "../lib/limits";
import { formatWait, useCooldowns, useCountdown } from "../lib/rateLimit";
import { Link } from "../router";
import { saveBlobUrl } from "../screens/ExportsScreen";
import { downloadName, personOf } from "../lib/downloadName";
import { useEditor } from "../stores/editorStore";
import { usePreferences } from "../stores/preferences";
import { chooseTemplate, TemplatePicker } from "./TemplatePicker";
import { BatchExport } from "./BatchExport";
import { FormatExports } from "./FormatExports";
import { documentDesign } from "./PreviewPane";

/**
 * Export with a chosen template and page size; live progress (SSE, polling fallback); download; limits with countdown.
 */
export function ExportPanel({
  docId,
  type,
  title,
  pending,
  flush,
}: {
  docId: string;
  type: string;
  title?: string;
  pending: boolean;
  flush(): Promise<void>;
}) {
  const { t } = useTranslation();
  const prefs = usePreferences();
  // What the preview shows: the document's own design settings when it has them, else the stored choice.
  const design = documentDesign(useEditor((s) => s.data));
  const templateId = design.template ?? prefs.templateId;
  const pageSize = design.pageSize ?? prefs.pageSize;
  const [templates, setTemplates] = useState<Template[]>([]);
  const [job, setJob] = useState<ExportJob | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [limited, setLimited] = useState<unknown>(null); // the refusal, re-described every second with the countdown
  const wait = useCountdown("export");
  const stopFollowing = useRef<() => void>(undefined);
  useEffect(() => () => stopFollowing.current?.(), []);
  useEffect(() => {
    exportsApi.templates().then(setTemplates, () => setTemplates([]));
  }, []);
  const { usable, template } = chooseTemplate(templates, type, templateId);

  const follow = (jobId: string) => {
    stopFollowing.current?.();
    stopFollowing.current = exportsApi.follow(jobId, setJob);
  };

  const start = async () => {
    setMessage(null);
    setLimited(null);
    try {
      if (pending) await flush(); // export what the editor shows
      const j = await exportsApi.start(docId, template?.id ?? "ats-single-column", pageSize);
      setJob(j);
      follow(j.jobId);
    } catch (e) {
      const { message: text, waitMs } = describeLimit(e, t("limits.what.export"));
      if (waitMs) {
        useCooldowns.getState().block("export", waitMs);
        setLimited(e);
      } else setMessage(text);
    }
  };

  const download = async () => {
    if (!job) return;
    try {
      await saveBlobUrl(
        await exportsApi.downloadUrl(job.jobId),
        downloadName(personOf(useEditor.getState().data) ?? title, type),
      );
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  const cancel = async () => {
    if (!job) return;
    try {
      setJob(await exportsApi.cancel(job.jobId));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  const retry = async () => {
    if (!job) return;
    setMessage(null);
    try {
      setJob(await exportsApi.retry(job.jobId));
      follow(job.jobId);
    } catch (e) {
      setMessage(describeLimit(e, t("limits.what.export")).message);
    }
  };

  const running = !!job && (job.status === "pending" || job.status === "processing");
  return (
    <section className="card" aria-labelledby="export-heading" tabIndex={-1}>
      <h2 id="export-heading">{t("export.title")}</h2>
      <TemplatePicker usable={usable} template={template} labelPrefix={t("export.prefix")} pageSize={pageSize} />
      <div className="export-row">
        <button type="button" className="btn primary" onClick={start} disabled={running || wait > 0}>
          {wait > 0 ? t("export.startWait", { wait: formatWait(wait) }) : t("export.title")}
        </button>
        {job?.status === "completed" && (
          <button type="button" className="btn" onClick={download}>
            {t("export.downloadPdf")}
          </button>
        )}
        {running && (
          <button type="button" className="btn small" onClick={cancel}>
            {t("export.cancel")}
          </button>
        )}
        {(job?.status === "failed" || job?.status === "dead_letter") && (
          <button type="button" className="btn small" onClick={() => void retry()}>
            {t("export.retry")}
          </button>
        )}
      </div>
      {job && (
        <div
          className="export-status"
          role="status"
          aria-live="polite"
          data-testid="export-status"
          data-status={job.status}
        >
          {running && <progress max={100} value={job.progress ?? undefined} aria-label={t("export.progress")} />}
          <span>
            {job.status === "completed"
              ? t("export.ready")
              : job.status === "failed" || job.status === "dead_letter"
                ? job.error
                  ? t("export.failedWith", { error: job.error })
                  : t("export.failed")
                : job.status === "cancelled"
                  ? t("export.cancelled")
                  : t("export.running", {
                      what: job.progressMessage ?? t("export.state", { status: t(`jobStatus.${job.status}`) }),
                      progress: job.progress ? `${job.progress} %` : "",
                    })}
          </span>
        </div>
      )}
      {(message || limited !== null) && (
        <p className="field-error" role="alert">
          {limited !== null ? describeLimit(limited, t("limits.what.export"), wait).message : message}
        </p>
      )}
      <FormatExports docId={docId} type={type} title={title} pending={pending} flush={flush} />
      <BatchExport docId={docId} type={type} usable={usable} pending={pending} flush={flush} />
      <p className="small">
        <Link to="/exports">{t("export.history")}</Link>
      </p>
    </section>
  );
}
