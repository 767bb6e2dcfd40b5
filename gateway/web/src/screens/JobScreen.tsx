import { useCallback, useEffect, useState } from "react";
import { api, ApiError } from "../api/client";
import { Link } from "../router";
import { jobAction, ms, TraceLink, type AdminJob } from "./OpsScreen";
import { ErrorBox } from "../components/ErrorBox";

interface JobDetail {
  job: AdminJob & { documentVersion?: number; heartbeatAt?: string | null };
  batchId?: string | null;
  dispatchedAttempt: number;
  logs: { attempt: number; at: string; level: string; message: string }[];
  attempts: { attempt: number; firstSeenAt: string; lastSeenAt: string; lastProblem?: string | null; outcome: string }[];
}

const FINAL = ["completed", "failed", "cancelled", "dead_letter"];

/** Status timeline: created → started → state changes logged per attempt → final state. */
export function timeline(d: JobDetail): { at: string; label: string }[] {
  const j = d.job.job as AdminJob["job"] & { startedAt?: string | null };
  const steps: { at: string; label: string }[] = [];
  if (j.createdAt) steps.push({ at: j.createdAt, label: "created (pending)" });
  if (j.startedAt) steps.push({ at: j.startedAt, label: "started (processing)" });
  // State changes from the log (attempts have their own table): dispatch, failure, retry, cancel, completion.
  for (const l of d.logs) if (/dispatch|retr|cancel|dead|fail|complete/i.test(l.message)) steps.push({ at: l.at, label: l.message });
  if (j.completedAt && FINAL.includes(j.status)) steps.push({ at: j.completedAt, label: j.status });
  return steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export function JobScreen({ jobId }: { jobId: string }) {
  const [detail, setDetail] = useState<JobDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setDetail(await api.json<JobDetail>(`/api/v1/jobs/${jobId}`));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? "No such job." : e instanceof ApiError && e.status === 403 ? "Only administrators can see jobs." : e instanceof Error ? e.message : String(e));
    }
  }, [jobId]);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 2000);
    return () => clearInterval(t);
  }, [load]);

  const act = async (action: "retry" | "cancel") => {
    setMessage(null);
    try {
      await jobAction(jobId, action);
      setMessage(action === "retry" ? "Retry requested." : "Cancel requested.");
      await load();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  const j = detail?.job.job as (AdminJob["job"] & { startedAt?: string | null; progressMessage?: string | null }) | undefined;
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>
          Job <code>{jobId.slice(0, 8)}</code>
        </h1>
        <Link to="/ops">← Operations</Link>
      </div>
      <ErrorBox message={error} />
      {!detail && !error && <div className="skeleton" style={{ height: 200 }} aria-busy="true" aria-label="Loading job" />}
      {detail && j && (
        <>
          <section className="card" aria-labelledby="summary-h">
            <div className="section-head">
              <h2 id="summary-h">
                {detail.job.type} <span className={`badge status-${j.status}`} data-testid="job-status">{j.status}</span>
              </h2>
              <div className="toolbar-actions">
                {(j.status === "failed" || j.status === "dead_letter") && (
                  <button type="button" className="btn small" onClick={() => act("retry")}>
                    Retry job
                  </button>
                )}
                {(j.status === "pending" || j.status === "processing") && (
                  <button type="button" className="btn small danger" onClick={() => act("cancel")}>
                    Cancel job
                  </button>
                )}
              </div>
            </div>
            {message && <p role="status">{message}</p>}
            <progress max={100} value={j.progress ?? 0} aria-label="Job progress" /> {j.progress ?? 0} % {j.progressMessage ?? ""}
            <dl className="facts">
              <dt>Attempts</dt>
              <dd data-testid="job-attempts">
                {j.attempts ?? 0} of {j.maxAttempts ?? "?"}
              </dd>
              <dt>Error</dt>
              <dd>{j.error ?? "—"}</dd>
              <dt>Document</dt>
              <dd>
                <code>{detail.job.documentId}</code> v{detail.job.documentVersion}
              </dd>
              <dt>Template</dt>
              <dd>
                {detail.job.templateId} {detail.job.pageSize}
              </dd>
              <dt>Worker</dt>
              <dd>{detail.job.workerId ?? "—"}</dd>
              <dt>Trace</dt>
              <dd>
                {detail.job.traceId ? <code>{detail.job.traceId}</code> : "—"} <TraceLink job={detail.job} />
              </dd>
              <dt>Run time</dt>
              <dd>{j.startedAt && j.completedAt ? ms(Date.parse(j.completedAt) - Date.parse(j.startedAt)) : "—"}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="timeline-h" style={{ marginTop: "1rem" }}>
            <h2 id="timeline-h">Status timeline</h2>
            <ol className="timeline">
              {timeline(detail).map((s, i) => (
                <li key={i}>
                  <time dateTime={s.at}>{new Date(s.at).toLocaleTimeString()}</time> {s.label}
                </li>
              ))}
            </ol>
          </section>
          <section className="card" aria-labelledby="attempts-h" style={{ marginTop: "1rem" }}>
            <h2 id="attempts-h">Attempts</h2>
            <table className="jobs-table" aria-label="Attempts">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">First seen</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {detail.attempts.map((a) => (
                  <tr key={a.attempt}>
                    <td>{a.attempt}</td>
                    <td>{a.outcome}</td>
                    <td>{new Date(a.firstSeenAt).toLocaleTimeString()}</td>
                    <td>{new Date(a.lastSeenAt).toLocaleTimeString()}</td>
                    <td className="small">{a.lastProblem ?? ""}</td>
                  </tr>
                ))}
                {detail.attempts.length === 0 && (
                  <tr>
                    <td colSpan={5} className="muted">
                      No attempts yet.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </section>
          <section className="card" aria-labelledby="logs-h" style={{ marginTop: "1rem" }}>
            <h2 id="logs-h">Logs</h2>
            <ol className="log-lines" aria-label="Log lines">
              {detail.logs.map((l, i) => (
                <li key={i} className={`log-${l.level.toLowerCase()}`}>
                  <time dateTime={l.at}>{new Date(l.at).toLocaleTimeString()}</time> <span className="muted">#{l.attempt}</span> <strong>{l.level}</strong> {l.message}
                </li>
              ))}
              {detail.logs.length === 0 && <li className="muted">No log lines.</li>}
            </ol>
          </section>
          <section className="card" aria-labelledby="payload-h" style={{ marginTop: "1rem" }}>
            <h2 id="payload-h">Payload</h2>
            <JsonViewer value={detail} label="job" />
          </section>
        </>
      )}
    </main>
  );
}

/** A collapsible JSON tree (details/summary: keyboard operable, no script needed). */
export function JsonViewer({ value, label, depth = 0 }: { value: unknown; label: string; depth?: number }) {
  if (value === null || typeof value !== "object")
    return (
      <div className="json-leaf">
        <span className="json-key">{label}:</span> <span className={`json-${value === null ? "null" : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  return (
    <details className="json-node" open={depth < 1}>
      <summary>
        <span className="json-key">{label}</span> <span className="muted small">{Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`}</span>
      </summary>
      <div className="json-children">
        {entries.map(([k, v]) => (
          <JsonViewer key={k} value={v} label={k} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}
