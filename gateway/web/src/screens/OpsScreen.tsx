import { useCallback, useEffect, useState } from "react";
import { api, ApiError } from "../api/client";

interface Latency {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}
export interface JobStats {
  queues: { queue: string; pending: number; processing: number }[];
  processing: number;
  completedLastHour: number;
  failedLastHour: number;
  deadLetters: number;
  throughputPerMinute: number;
  completedPerMinute: { minute: string; completed: number }[];
  runTimeMs: Latency;
  enqueueToStartMs: Latency;
  at: string;
}
interface AdminJob {
  job: { jobId: string; status: string; attempts?: number; maxAttempts?: number; error?: string | null; createdAt?: string };
  type: string;
  templateId: string;
  pageSize?: string | null;
}

export const STATS_POLL_MS = 5000;

/** Derived numbers for the cards (pure, unit-tested). */
export function summarize(stats: JobStats) {
  const queueDepth = stats.queues.reduce((n, q) => n + q.pending, 0);
  const finished = stats.completedLastHour + stats.failedLastHour;
  return {
    queueDepth,
    successRate: finished === 0 ? null : stats.completedLastHour / finished,
  };
}

const ms = (v: number | null) => (v == null ? "—" : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);

/** Operations dashboard (admin): live cards polling GET /api/v1/jobs/stats, throughput chart, recent jobs with retry/cancel. */
export function OpsScreen() {
  const [stats, setStats] = useState<JobStats | null>(null);
  const [jobs, setJobs] = useState<AdminJob[]>([]);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [s, page] = await Promise.all([
        api.json<JobStats>("/api/v1/jobs/stats"),
        api.json<{ items: AdminJob[] }>(`/api/v1/jobs?limit=20${status ? `&status=${status}` : ""}`),
      ]);
      setStats(s);
      setJobs(page.items);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? (e.status === 403 ? "Only administrators can see operations." : e.message) : "Cannot reach the server.");
    }
  }, [status]);

  useEffect(() => {
    void refresh();
    const t = setInterval(() => void refresh(), STATS_POLL_MS);
    return () => clearInterval(t);
  }, [refresh]);

  const act = async (jobId: string, action: "retry" | "cancel") => {
    setMessage(null);
    try {
      await api.json(`/api/v1/jobs/${jobId}/${action}`, { method: "POST" });
      setMessage(`Job ${jobId.slice(0, 8)}: ${action} requested.`);
      await refresh();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  const summary = stats && summarize(stats);
  const max = Math.max(1, ...(stats?.completedPerMinute.map((m) => m.completed) ?? [1]));
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>Operations</h1>
        {stats && <p className="muted small">Updated {new Date(stats.at).toLocaleTimeString()} · every {STATS_POLL_MS / 1000} s</p>}
      </div>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {!stats && !error && <div className="skeleton" style={{ height: 120 }} aria-busy="true" />}
      {stats && summary && (
        <>
          <ul className="stat-grid" aria-label="Live figures">
            <Stat label="Queue depth" value={summary.queueDepth} />
            <Stat label="Processing" value={stats.processing} />
            <Stat label="Throughput / min" value={stats.throughputPerMinute.toFixed(1)} />
            <Stat label="Success rate (1 h)" value={summary.successRate == null ? "—" : `${(summary.successRate * 100).toFixed(1)} %`} />
            <Stat label="Dead letters" value={stats.deadLetters} />
            <Stat label="Run time p50 / p95" value={`${ms(stats.runTimeMs.p50)} / ${ms(stats.runTimeMs.p95)}`} />
            <Stat label="Wait to start p95" value={ms(stats.enqueueToStartMs.p95)} />
          </ul>
          <section className="card" aria-labelledby="throughput-heading" style={{ marginTop: "1rem" }}>
            <h2 id="throughput-heading">Completed per minute (last hour)</h2>
            <svg className="chart" viewBox="0 0 600 120" role="img" aria-label={`Completed per minute, peak ${max}`}>
              {stats.completedPerMinute.map((m, i, all) => {
                const w = 600 / Math.max(all.length, 1);
                const h = (m.completed / max) * 110;
                return <rect key={m.minute} x={i * w + 1} y={118 - h} width={Math.max(w - 2, 1)} height={h} fill="#2457c5" />;
              })}
            </svg>
          </section>
        </>
      )}
      <section className="card" aria-labelledby="jobs-heading" style={{ marginTop: "1rem" }}>
        <div className="section-head">
          <h2 id="jobs-heading">Recent jobs</h2>
          <label className="inline-fields">
            Status{" "}
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">All</option>
              {["pending", "processing", "completed", "failed", "cancelled", "dead_letter"].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        </div>
        {message && <p role="status">{message}</p>}
        <table className="jobs-table">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Template</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.job.jobId}>
                <td>
                  <code>{j.job.jobId.slice(0, 8)}</code>
                </td>
                <td>{j.job.status}</td>
                <td>
                  {j.job.attempts ?? 0}/{j.job.maxAttempts ?? "?"}
                </td>
                <td>
                  {j.templateId} {j.pageSize}
                </td>
                <td>{j.job.createdAt ? new Date(j.job.createdAt).toLocaleTimeString() : ""}</td>
                <td>
                  {(j.job.status === "failed" || j.job.status === "dead_letter") && (
                    <button type="button" className="btn small" onClick={() => act(j.job.jobId, "retry")}>
                      Retry
                    </button>
                  )}
                  {(j.job.status === "pending" || j.job.status === "processing") && (
                    <button type="button" className="btn small danger" onClick={() => act(j.job.jobId, "cancel")}>
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {jobs.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No jobs.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </main>
  );
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <li className="card stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </li>
  );
}
