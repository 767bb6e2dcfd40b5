import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client";
import { exportsApi, type ExportJob } from "../api/exports";
import { usePreferences } from "../stores/preferences";

/** Export with the chosen template and page size; live progress (SSE, polling fallback); download. */
export function ExportPanel({ docId, type, pending, flush }: { docId: string; type: string; pending: boolean; flush(): Promise<void> }) {
  const { templateId, pageSize } = usePreferences();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [cooldown, setCooldown] = useState(0);
  const stopFollowing = useRef<() => void>(undefined);
  useEffect(() => () => stopFollowing.current?.(), []);
  useEffect(() => {
    if (cooldown <= 0) return;
    const t = setTimeout(() => setCooldown(cooldown - 1), 1000);
    return () => clearTimeout(t);
  }, [cooldown]);

  const follow = (jobId: string) => {
    stopFollowing.current?.();
    stopFollowing.current = exportsApi.follow(jobId, setJob);
  };

  const start = async () => {
    setMessage(null);
    try {
      if (pending) await flush(); // export what the editor shows
      const templates = await exportsApi.templates();
      const template = templates.find((t) => t.id === templateId && (!t.documentTypes || t.documentTypes.includes(type))) ?? templates.find((t) => !t.documentTypes || t.documentTypes.includes(type));
      const j = await exportsApi.start(docId, template?.id ?? "ats-single-column", pageSize);
      setJob(j);
      follow(j.jobId);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) {
        const s = Math.ceil((e.retryAfterMs ?? 10_000) / 1000);
        setCooldown(s);
        setMessage(e.problem.detail ?? `Too many exports: try again in ${s} s.`);
      } else setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  const download = async () => {
    if (!job) return;
    try {
      const url = await exportsApi.downloadUrl(job.jobId);
      const a = document.createElement("a");
      a.href = url;
      a.download = "resume.pdf";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  const running = job && (job.status === "pending" || job.status === "processing");
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Export PDF</h2>
      <p className="muted">
        Uses the preview's template and page size ({pageSize}).
      </p>
      <div className="export-row">
        <button type="button" className="btn primary" onClick={start} disabled={!!running || cooldown > 0}>
          {cooldown > 0 ? `Export (wait ${cooldown} s)` : "Export PDF"}
        </button>
        {job?.status === "completed" && (
          <button type="button" className="btn" onClick={download}>
            Download PDF
          </button>
        )}
      </div>
      {job && (
        <div className="export-status" role="status" aria-live="polite" data-testid="export-status" data-status={job.status}>
          {running && <progress max={100} value={job.progress ?? undefined} aria-label="Export progress" />}
          <span>
            {job.status === "completed" ? "Ready to download" : job.status === "failed" || job.status === "dead_letter" ? `Export failed${job.error ? `: ${job.error}` : ""}` : `Export ${job.status}…`}
          </span>
        </div>
      )}
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
