import type { ExportJob } from "../api/exports";

/** One export's state in words, with progress while it runs and a Retry button once it failed. */
export function ExportJobStatus({ job, label, onRetry }: { job: ExportJob; label: string; onRetry?: () => void }) {
  const running = job.status === "pending" || job.status === "processing";
  const failed = job.status === "failed" || job.status === "dead_letter";
  return (
    <div className="export-status" role="status" aria-live="polite" data-testid={`export-status-${label}`} data-status={job.status}>
      {running && <progress max={100} value={job.progress ?? undefined} aria-label={`${label} export progress`} />}
      <span>
        {job.status === "completed"
          ? `${label} ready to download`
          : failed
            ? `${label} export failed${job.error ? `: ${job.error}` : ""}`
            : job.status === "cancelled"
              ? `${label} export cancelled`
              : `${job.progressMessage ?? `${label} export ${job.status}`}… ${job.progress ? `${job.progress} %` : ""}`}
      </span>
      {failed && onRetry && (
        <button type="button" className="btn small" onClick={onRetry}>
          Retry {label} export
        </button>
      )}
    </div>
  );
}
