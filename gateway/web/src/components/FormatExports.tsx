import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { exportsApi, type ExportJob } from "../api/exports";
import { FORMAT_NAMES, formatsApi, type FileFormat } from "../api/formats";
import { fileName } from "../lib/downloadName";
import { describeLimit } from "../lib/limits";
import { saveBlobUrl } from "../screens/ExportsScreen";
import { ExportJobStatus } from "./ExportJobStatus";

/** JSON Resume and Word exports of one document: start, live status, download, retry when one failed. */
export function FormatExports({
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
  const formats: FileFormat[] = type === "resume" ? ["docx", "json"] : ["docx"];
  return (
    <div className="format-exports" aria-label={t("formats.label")} role="group">
      {formats.map((f) => (
        <FormatExport key={f} format={f} docId={docId} title={title} pending={pending} flush={flush} />
      ))}
    </div>
  );
}

function FormatExport({
  format,
  docId,
  title,
  pending,
  flush,
}: {
  format: FileFormat;
  docId: string;
  title?: string;
  pending: boolean;
  flush(): Promise<void>;
}) {
  const { t } = useTranslation();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const stop = useRef<() => void>(undefined);
  useEffect(() => () => stop.current?.(), []);
  const follow = (jobId: string) => {
    stop.current?.();
    stop.current = exportsApi.follow(jobId, setJob);
  };
  const run = async (action: () => Promise<ExportJob>) => {
    setMessage(null);
    try {
      const j = await action();
      setJob(j);
      follow(j.jobId);
    } catch (e) {
      setMessage(describeLimit(e, t("limits.what.export")).message);
    }
  };
  const start = () =>
    run(async () => {
      if (pending) await flush();
      return formatsApi.start(format, docId);
    });
  const download = async () => {
    if (!job) return;
    try {
      await saveBlobUrl(await exportsApi.downloadUrl(job.jobId), fileName(title ?? "resume", format));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const running = !!job && (job.status === "pending" || job.status === "processing");
  const name = FORMAT_NAMES[format];
  return (
    <div className="format-export" data-format={format}>
      <div className="export-row">
        <button type="button" className="btn small" onClick={() => void start()} disabled={running}>
          {t("formats.export", { name })}
        </button>
        {job?.status === "completed" && (
          <button type="button" className="btn small" onClick={() => void download()}>
            {t("formats.download", { name })}
          </button>
        )}
      </div>
      {job && <ExportJobStatus job={job} label={name} onRetry={() => run(() => exportsApi.retry(job.jobId))} />}
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
