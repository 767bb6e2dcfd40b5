import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../api/client";
import { StoredCache } from "../lib/cache";
import {
  addSample,
  alertsFor,
  breakdown,
  healthName,
  replicasOf,
  seriesPoints,
  SAMPLE_WINDOW_MS,
  withHistory,
  type HealthCheck,
  type HistoryPoint,
  type Sample,
} from "../ops/metrics";
import { Link, navigate } from "../router";
import { ErrorBox } from "../components/ErrorBox";
import { t as translate } from "../i18n";
import { formatNumber, formatTime } from "../i18n/format";
import { statusName } from "./JobScreen";

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
  history?: HistoryPoint[];
  runTimeMs: Latency;
  enqueueToStartMs: Latency;
  at: string;
}
export interface AdminJob {
  job: {
    jobId: string;
    status: string;
    progress?: number;
    attempts?: number;
    maxAttempts?: number;
    error?: string | null;
    createdAt?: string;
    completedAt?: string | null;
  };
  type: string;
  templateId: string;
  pageSize?: string | null;
  documentId?: string;
  createdBy?: string;
  workerId?: string | null;
  /** The W3C trace of the request that created the job, and that trace in the Aspire dashboard (when one runs). */
  traceId?: string | null;
  traceUrl?: string | null;
}

/** A link to the job's trace in the Aspire dashboard; nothing when there is no dashboard or no trace. */
export function TraceLink({ job }: { job: AdminJob }) {
  const { t } = useTranslation();
  if (!job.traceUrl) return null;
  return (
    <a
      className="btn small"
      href={job.traceUrl}
      target="_blank"
      rel="noreferrer"
      aria-label={t("ops.traceLabel", { id: job.job.jobId.slice(0, 8) })}
    >
      {t("job.trace")}
    </a>
  );
}
interface HealthReport {
  status: string;
  checks: HealthCheck[];
}

export const STATS_POLL_MS = 5000;
const STATUSES = ["pending", "processing", "completed", "failed", "cancelled", "dead_letter"];
/** Job types offered in the filter before any job of them is listed (the engine's type names, shown as they are). */
const JOB_TYPES = ["export_pdf", "export_json", "import_resume", "noop"];
const samplesCache = new StoredCache<Sample[]>("ops-samples", SAMPLE_WINDOW_MS);

/** Derived numbers for the cards (pure, unit-tested). */
export function summarize(stats: JobStats) {
  const queueDepth = stats.queues.reduce((n, q) => n + q.pending, 0);
  const finished = stats.completedLastHour + stats.failedLastHour;
  return {
    queueDepth,
    successRate: finished === 0 ? null : stats.completedLastHour / finished,
  };
}

export const ms = (v: number | null | undefined) =>
  v == null
    ? "—"
    : v >= 1000
      ? translate("ops.seconds", {
          value: formatNumber(v / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
        })
      : translate("ops.ms", { value: formatNumber(Math.round(v)) });

export async function jobAction(jobId: string, action: "retry" | "cancel") {
  await api.json(`/api/v1/jobs/${jobId}/${action}`, { method: "POST" });
}

/**
 * Operations dashboard (admin): live cards, an hour of samples, breakdown, recent and dead-lettered jobs, alerts,
 * health.
 */
export function OpsScreen() {
  const { t } = useTranslation();
  const [stats, setStats] = useState<JobStats | null>(null);
  const [jobs, setJobs] = useState<AdminJob[] | null>(null);
  const [dead, setDead] = useState<AdminJob[]>([]);
  const [health, setHealth] = useState<HealthReport | null>(null);
  const [samples, setSamples] = useState<Sample[]>(() => samplesCache.read() ?? []);
  const [status, setStatus] = useState("");
  const [type, setType] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // A non-admin gets the refusal and nothing else: no empty lists, no skeletons, no polling.
  const [refused, setRefused] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const query = `limit=50${status ? `&status=${status}` : ""}${type ? `&type=${encodeURIComponent(type)}` : ""}`;
      const [s, page, dl] = await Promise.all([
        api.json<JobStats>("/api/v1/jobs/stats"),
        api.json<{ items: AdminJob[] }>(`/api/v1/jobs?${query}`),
        api.json<{ items: AdminJob[] }>("/api/v1/jobs?status=dead_letter&limit=20"),
      ]);
      setStats(s);
      setJobs(page.items);
      setDead(dl.items);
      setError(null);
      const summary = summarize(s);
      setSamples((prev) => {
        const next = addSample(prev, {
          at: Date.now(),
          queueDepth: summary.queueDepth,
          processing: s.processing,
          throughputPerMinute: s.throughputPerMinute,
        });
        samplesCache.write(next);
        return next;
      });
    } catch (e) {
      if (e instanceof ApiError && (e.status === 403 || e.status === 401)) return setRefused(true);
      setError(e instanceof ApiError ? e.message : translate("common.unreachable"));
    }
    try {
      // With the admin's token: the per-replica detail is only for operators (anonymous callers get status only).
      const r = await api.fetch("/health");
      setHealth((await r.json()) as HealthReport);
    } catch {
      setHealth({ status: "Unreachable", checks: [] });
    }
  }, [status, type]);

  useEffect(() => {
    if (refused) return;
    void refresh();
    const timer = setInterval(() => void refresh(), STATS_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh, refused]);

  const act = async (jobId: string, action: "retry" | "cancel") => {
    setMessage(null);
    try {
      await jobAction(jobId, action);
      setMessage(
        action === "retry"
          ? t("ops.retryRequested", { id: jobId.slice(0, 8) })
          : t("ops.cancelRequested", { id: jobId.slice(0, 8) }),
      );
      await refresh();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  if (refused)
    return (
      <main className="page" id="main">
        <h1>{t("app.nav.operations")}</h1>
        <p className="error-box" role="alert">
          {t("ops.refused")}
        </p>
        <Link to="/">{t("ops.backToDocuments")}</Link>
      </main>
    );
  const summary = stats && summarize(stats);
  const alerts =
    stats && summary
      ? alertsFor({
          queueDepth: summary.queueDepth,
          deadLetters: stats.deadLetters,
          successRate: summary.successRate,
          waitP95Ms: stats.enqueueToStartMs.p95,
          health: health?.checks,
        })
      : [];
  const types = breakdown(jobs ?? [], (j) => j.type);
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>{t("app.nav.operations")}</h1>
        {stats && (
          <p className="muted small">
            {t("ops.updated", { time: formatTime(stats.at), seconds: STATS_POLL_MS / 1000 })}
          </p>
        )}
      </div>
      <ErrorBox message={error} />
      <section aria-labelledby="alerts-h" className="alerts">
        <h2 id="alerts-h" className="visually-hidden">
          {t("ops.alerts")}
        </h2>
        {stats && alerts.length === 0 && <p className="ok-box">{t("ops.noAlerts")}</p>}
        {alerts.length > 0 && (
          <ul aria-label={t("ops.alerts")} className="alert-list">
            {alerts.map((a) => (
              <li key={a.text} className={`alert ${a.level}`}>
                <strong>{a.level === "critical" ? t("ops.critical") : t("ops.warning")}:</strong> {a.text}
              </li>
            ))}
          </ul>
        )}
      </section>
      {!stats && !error && (
        <div className="skeleton" style={{ height: 120 }} aria-busy="true" aria-label={t("ops.loadingFigures")} />
      )}
      {stats && summary && (
        <>
          <ul className="stat-grid" aria-label={t("ops.liveFigures")}>
            <Stat label={t("ops.queueDepth")} value={formatNumber(summary.queueDepth)} />
            <Stat label={t("ops.processing")} value={formatNumber(stats.processing)} />
            <Stat
              label={t("ops.throughput")}
              value={formatNumber(stats.throughputPerMinute, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}
            />
            <Stat
              label={t("ops.successRate")}
              value={
                summary.successRate == null
                  ? "—"
                  : formatNumber(summary.successRate, {
                      style: "percent",
                      minimumFractionDigits: 1,
                      maximumFractionDigits: 1,
                    })
              }
            />
            <Stat label={t("ops.deadLetters")} value={formatNumber(stats.deadLetters)} />
            <Stat label={t("ops.runTime")} value={`${ms(stats.runTimeMs.p50)} / ${ms(stats.runTimeMs.p95)}`} />
            <Stat label={t("ops.waitToStart")} value={ms(stats.enqueueToStartMs.p95)} />
          </ul>
          <div className="ops-grid">
            <section className="card" aria-labelledby="trend-h">
              <h2 id="trend-h">{t("ops.trend")}</h2>
              <TrendChart samples={withHistory(stats.history, samples)} />
            </section>
            <section className="card" aria-labelledby="throughput-heading">
              <h2 id="throughput-heading">{t("ops.completedPerMinute")}</h2>
              <Bars data={stats.completedPerMinute} />
            </section>
            <section className="card" aria-labelledby="types-h">
              <h2 id="types-h">{t("ops.jobTypes")}</h2>
              <table className="jobs-table" aria-label={t("ops.jobTypes")}>
                <thead>
                  <tr>
                    <th scope="col">{t("ops.queueOrType")}</th>
                    <th scope="col">{t("ops.pending")}</th>
                    <th scope="col">{t("ops.processing")}</th>
                    <th scope="col">{t("ops.recentJobs")}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...new Set([...stats.queues.map((q) => q.queue), ...types.map((x) => x.key)])].map((k) => {
                    const q = stats.queues.find((x) => x.queue === k);
                    return (
                      <tr key={k}>
                        <td>{k}</td>
                        <td>{q?.pending ?? 0}</td>
                        <td>{q?.processing ?? 0}</td>
                        <td>{types.find((x) => x.key === k)?.count ?? 0}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
            <HealthCard health={health} />
          </div>
        </>
      )}
      <section className="card" aria-labelledby="dead-h" style={{ marginTop: "1rem" }}>
        <h2 id="dead-h">{t("ops.deadList")}</h2>
        {dead.length === 0 ? (
          <p className="muted">{t("ops.noDead")}</p>
        ) : (
          <JobsTable jobs={dead} label={t("ops.deadJobs")} onAction={act} />
        )}
      </section>
      <section className="card" aria-labelledby="jobs-heading" style={{ marginTop: "1rem" }}>
        <div className="section-head">
          <h2 id="jobs-heading">{t("ops.recentJobs")}</h2>
          <div className="inline-fields">
            <label>
              {t("ops.status")}{" "}
              <select value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">{t("documents.filter.all")}</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {statusName(s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("ops.type")}{" "}
              <select value={type} onChange={(e) => setType(e.target.value)}>
                <option value="">{t("documents.filter.all")}</option>
                {[...JOB_TYPES, ...types.map((x) => x.key)]
                  .filter((v, i, a) => a.indexOf(v) === i)
                  .map((v) => (
                    <option key={v}>{v}</option>
                  ))}
              </select>
            </label>
          </div>
        </div>
        {message && <p role="status">{message}</p>}
        {jobs ? (
          <JobsTable jobs={jobs} label={t("ops.recentJobs")} onAction={act} />
        ) : (
          <div className="skeleton" style={{ height: 120 }} aria-busy="true" />
        )}
      </section>
    </main>
  );
}

function JobsTable({
  jobs,
  label,
  onAction,
}: {
  jobs: AdminJob[];
  label: string;
  onAction(id: string, a: "retry" | "cancel"): void;
}) {
  const { t } = useTranslation();
  return (
    <table className="jobs-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t("job.title")}</th>
          <th scope="col">{t("ops.type")}</th>
          <th scope="col">{t("ops.status")}</th>
          <th scope="col">{t("job.attempts")}</th>
          <th scope="col">{t("job.error")}</th>
          <th scope="col">{t("ops.created")}</th>
          <th scope="col">{t("common.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.job.jobId} data-testid="job-row" data-job-id={j.job.jobId} data-status={j.job.status}>
            <td>
              <Link to={`/ops/jobs/${j.job.jobId}`}>
                <code>{j.job.jobId.slice(0, 8)}</code>
              </Link>
            </td>
            <td>{j.type}</td>
            <td>
              <span className={`badge status-${j.job.status}`}>{statusName(j.job.status)}</span>
            </td>
            <td>
              {j.job.attempts ?? 0}/{j.job.maxAttempts ?? "?"}
            </td>
            <td className="small">{j.job.error ?? ""}</td>
            <td>{j.job.createdAt ? formatTime(j.job.createdAt) : ""}</td>
            <td className="row-actions">
              <button
                type="button"
                className="btn small"
                onClick={() => navigate(`/ops/jobs/${j.job.jobId}`)}
                aria-label={t("ops.viewLabel", { id: j.job.jobId.slice(0, 8) })}
              >
                {t("ops.view")}
              </button>
              <TraceLink job={j} />
              {(j.job.status === "failed" || j.job.status === "dead_letter") && (
                <button
                  type="button"
                  className="btn small"
                  onClick={() => onAction(j.job.jobId, "retry")}
                  aria-label={t("ops.retryLabel", { id: j.job.jobId.slice(0, 8) })}
                >
                  {t("ops.retry")}
                </button>
              )}
              {(j.job.status === "pending" || j.job.status === "processing") && (
                <button
                  type="button"
                  className="btn small danger"
                  onClick={() => onAction(j.job.jobId, "cancel")}
                  aria-label={t("ops.cancelLabel", { id: j.job.jobId.slice(0, 8) })}
                >
                  {t("common.cancel")}
                </button>
              )}
            </td>
          </tr>
        ))}
        {jobs.length === 0 && (
          <tr>
            <td colSpan={7} className="muted">
              {t("ops.noJobs")}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function TrendChart({ samples }: { samples: Sample[] }) {
  const { t } = useTranslation();
  const one = (n: number) => formatNumber(n, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const now = samples.length ? samples[samples.length - 1].at : Date.now();
  const maxDepth = Math.max(1, ...samples.map((s) => s.queueDepth));
  const maxRate = Math.max(1, ...samples.map((s) => s.throughputPerMinute));
  const last = samples[samples.length - 1];
  return (
    <figure className="chart-figure">
      <svg
        className="chart"
        viewBox="0 0 600 140"
        role="img"
        aria-label={t("ops.trendLabel", { depth: maxDepth, rate: one(maxRate), count: samples.length })}
      >
        <line x1="0" y1="139" x2="600" y2="139" stroke="#ccd" />
        <polyline
          fill="none"
          stroke="#c55a24"
          strokeWidth="2"
          points={seriesPoints(samples, (s) => s.queueDepth, now, 600, 140, maxDepth)}
        />
        <polyline
          fill="none"
          stroke="#2457c5"
          strokeWidth="2"
          points={seriesPoints(samples, (s) => s.throughputPerMinute, now, 600, 140, maxRate)}
        />
        {samples.length === 1 && <circle cx="600" cy="70" r="3" fill="#2457c5" />}
      </svg>
      <figcaption className="small">
        <span className="legend depth">
          {t("ops.legendDepth", { now: last ? ` ${last.queueDepth}` : "", max: maxDepth })}
        </span>{" "}
        ·{" "}
        <span className="legend rate">
          {t("ops.legendRate", { now: last ? ` ${one(last.throughputPerMinute)}` : "", max: one(maxRate) })}
        </span>{" "}
        · {t("ops.sampled", { seconds: STATS_POLL_MS / 1000 })}
      </figcaption>
    </figure>
  );
}

function Bars({ data }: { data: { minute: string; completed: number }[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...data.map((m) => m.completed));
  return (
    <svg className="chart" viewBox="0 0 600 120" role="img" aria-label={t("ops.barsLabel", { max })}>
      {data.map((m, i, all) => {
        const w = 600 / Math.max(all.length, 1);
        const h = (m.completed / max) * 110;
        return <rect key={m.minute} x={i * w + 1} y={118 - h} width={Math.max(w - 2, 1)} height={h} fill="#2457c5" />;
      })}
    </svg>
  );
}

function HealthCard({ health }: { health: HealthReport | null }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="health-h">
      <h2 id="health-h">
        {t("ops.serviceHealth")}{" "}
        {health && (
          <span className={`badge ${health.status === "Healthy" ? "ok" : "warn"}`}>{healthName(health.status)}</span>
        )}
      </h2>
      {!health ? (
        <div className="skeleton" style={{ height: 80 }} aria-busy="true" />
      ) : (
        <ul className="health-list" aria-label={t("ops.services")}>
          {health.checks.map((c) => (
            <li key={c.name}>
              <strong>{c.name}</strong>{" "}
              <span className={`badge ${c.status === "Healthy" ? "ok" : "warn"}`}>{healthName(c.status)}</span>{" "}
              <span className="muted small">{c.description}</span>
              {replicasOf(c).length > 0 && (
                <ul>
                  {replicasOf(c).map((r) => (
                    <li key={r.url} className="small">
                      <span aria-hidden="true">{r.healthy ? "●" : "○"}</span> {r.url} —{" "}
                      {r.healthy ? t("ops.replicaHealthy") : t("ops.replicaUnhealthy")}, {r.detail}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
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
