import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { exportsApi, type ExportJob, type Template } from "../api/exports";
import { downloadName, personOf } from "../lib/downloadName";
import { describeLimit } from "../lib/limits";
import { useCooldowns, useCountdown } from "../lib/rateLimit";
import { saveBlobUrl } from "../screens/ExportsScreen";
import { usePreferences } from "../stores/preferences";
import { documentDesign } from "./PreviewPane";
import { chooseTemplate } from "./TemplatePicker";

/**
 * One click from the editor's top bar to a PDF on disk: exports what the preview shows (the document's template and
 * page size, else the stored choice), follows the job and saves the file under a readable name.
 */
export function DownloadButton({
  docId,
  type,
  data,
  pending,
  flush,
}: {
  docId: string;
  type: string;
  data: unknown;
  pending: boolean;
  flush(): Promise<void>;
}) {
  const { t } = useTranslation();
  const prefs = usePreferences();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [job, setJob] = useState<ExportJob | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const wait = useCountdown("export");
  const stop = useRef<() => void>(undefined);
  useEffect(() => {
    exportsApi.templates().then(setTemplates, () => setTemplates([]));
    return () => stop.current?.();
  }, []);
  const design = documentDesign(data);
  const { template } = chooseTemplate(templates, type, design.template ?? prefs.templateId);
  const busy = !!job && (job.status === "pending" || job.status === "processing");

  const run = async () => {
    setMessage(null);
    try {
      if (pending) await flush();
      const started = await exportsApi.start(
        docId,
        template?.id ?? "ats-single-column",
        design.pageSize ?? prefs.pageSize,
      );
      setJob(started);
      stop.current?.();
      stop.current = exportsApi.follow(started.jobId, async (j) => {
        setJob(j);
        if (j.status === "completed") {
          stop.current?.();
          try {
            await saveBlobUrl(await exportsApi.downloadUrl(j.jobId), downloadName(personOf(data), type));
            setMessage(t("download.done"));
          } catch (e) {
            setMessage(e instanceof Error ? e.message : String(e));
          }
        } else if (j.status === "failed" || j.status === "dead_letter" || j.status === "cancelled")
          setMessage(t("export.state", { status: t(`jobStatus.${j.status}`) }));
      });
    } catch (e) {
      const { message: text, waitMs } = describeLimit(e, t("limits.what.export"));
      if (waitMs) useCooldowns.getState().block("export", waitMs);
      setMessage(text);
    }
  };

  return (
    <>
      <button
        type="button"
        className="btn small primary"
        onClick={() => void run()}
        disabled={busy || wait > 0}
        aria-describedby="download-status"
      >
        {busy
          ? t("download.preparing", { progress: job?.progress ? `${job.progress} %` : "" })
          : t("export.downloadPdf")}
      </button>
      <span id="download-status" className="muted small" role="status" aria-live="polite">
        {message ?? ""}
      </span>
    </>
  );
}
