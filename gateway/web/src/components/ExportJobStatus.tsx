import { useTranslation } from "react-i18next";
import type { ExportJob } from "../api/exports";

/** One export's state in words, with progress while it runs and a Retry button once it failed. */
export function ExportJobStatus({ job, label, onRetry }: { job: ExportJob; label: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  const running = job.status === "pending" || job.status === "processing";
  const failed = job.status === "failed" || job.status === "dead_letter";
  return (
    <div
      className="export-status"
      role="status"
      aria-live="polite"
      data-testid={`export-status-${label}`}
      data-status={job.status}
    >
      {running && (
        <progress max={100} value={job.progress ?? undefined} aria-label={t("exportJob.progress", { label })} />
      )}
      <span>
        {job.status === "completed"
          ? t("exportJob.ready", { label })
          : failed
            ? job.error
              ? t("exportJob.failedWith", { label, error: job.error })
              : t("exportJob.failed", { label })
            : job.status === "cancelled"
              ? t("exportJob.cancelled", { label })
              : t("export.running", {
                  what: job.progressMessage ?? t("exportJob.state", { label, status: t(`jobStatus.${job.status}`) }),
                  progress: job.progress ? `${job.progress} %` : "",
                })}
      </span>
      {failed && onRetry && (
        <button type="button" className="btn small" onClick={onRetry}>
          {t("exportJob.retry", { label })}
        </button>
      )}
    </div>
  );
}
