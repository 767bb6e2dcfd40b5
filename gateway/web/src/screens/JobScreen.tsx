import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../api/client";
import { Link } from "../router";
import { jobAction, ms, TraceLink, type AdminJob } from "./OpsScreen";
import { ErrorBox } from "../components/ErrorBox";
import { t as translate } from "../i18n";
import { formatTime } from "../i18n/format";

interface JobDetail {
  job: AdminJob & { documentVersion?: number; heartbeatAt?: string | null };
  batchId?: string | null;
  dispatchedAttempt: number;
  logs: { attempt: number; at: string; level: string; message: string }[];
  attempts: {
    attempt: number;
    firstSeenAt: string;
    lastSeenAt: string;
    lastProblem?: string | null;
    outcome: string;
  }[];
}

const FINAL = ["completed", "failed", "cancelled", "dead_letter"];
/** The payload tree's root, named like a JSON key (the tree shows keys as they are, untranslated). */
const PAYLOAD_ROOT = "job";

/** Status timeline: created → started → state changes logged per attempt → final state. */
export function timeline(d: JobDetail): { at: string; label: string }[] {
  const j = d.job.job as AdminJob["job"] & { startedAt?: string | null };
  const steps: { at: string; label: string }[] = [];
  if (j.createdAt) steps.push({ at: j.createdAt, label: translate("job.created") });
  if (j.startedAt) steps.push({ at: j.startedAt, label: translate("job.started") });
  // State changes from the log (attempts have their own table): dispatch, failure, retry, cancel, completion.
  for (const l of d.logs)
    if (/dispatch|retr|cancel|dead|fail|complete/i.test(l.message)) steps.push({ at: l.at, label: l.message });
  if (j.completedAt && FINAL.includes(j.status)) steps.push({ at: j.completedAt, label: statusName(j.status) });
  return steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** A job status in words (jobStatus.*); a status this app does not know yet is shown as sent. */
export function statusName(status: string): string {
  const key = `jobStatus.${status}`;
  return String(translate(key as never, { defaultValue: status }));
}

export function JobScreen({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<JobDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setDetail(await api.json<JobDetail>(`/api/v1/jobs/${jobId}`));
      setError(null);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 404
          ? translate("job.notFound")
          : e instanceof ApiError && e.status === 403
            ? translate("job.forbidden")
            : e instanceof Error
              ? e.message
              : String(e),
      );
    }
  }, [jobId]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 2000);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (action: "retry" | "cancel") => {
    setMessage(null);
    try {
      await jobAction(jobId, action);
      setMessage(action === "retry" ? t("job.retryRequested") : t("job.cancelRequested"));
      await load();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  const j = detail?.job.job as
    (AdminJob["job"] & { startedAt?: string | null; progressMessage?: string | null }) | undefined;
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>
          {t("job.title")} <code>{jobId.slice(0, 8)}</code>
        </h1>
        <Link to="/ops">{t("job.back")}</Link>
      </div>
      <ErrorBox message={error} />
      {!detail && !error && (
        <div className="skeleton" style={{ height: 200 }} aria-busy="true" aria-label={t("job.loading")} />
      )}
      {detail && j && (
        <>
          <section className="card" aria-labelledby="summary-h">
            <div className="section-head">
              <h2 id="summary-h">
                {detail.job.type}{" "}
                <span className={`badge status-${j.status}`} data-testid="job-status">
                  {statusName(j.status)}
                </span>
              </h2>
              <div className="toolbar-actions">
                {(j.status === "failed" || j.status === "dead_letter") && (
                  <button type="button" className="btn small" onClick={() => act("retry")}>
                    {t("job.retry")}
                  </button>
                )}
                {(j.status === "pending" || j.status === "processing") && (
                  <button type="button" className="btn small danger" onClick={() => act("cancel")}>
                    {t("job.cancel")}
                  </button>
                )}
              </div>
            </div>
            {message && <p role="status">{message}</p>}
            <progress max={100} value={j.progress ?? 0} aria-label={t("job.progress")} /> {j.progress ?? 0} %{" "}
            {j.progressMessage ?? ""}
            <dl className="facts">
              <dt>{t("job.attempts")}</dt>
              <dd data-testid="job-attempts">
                {t("job.attemptsOf", { attempts: j.attempts ?? 0, max: j.maxAttempts ?? "?" })}
              </dd>
              <dt>{t("job.error")}</dt>
              <dd>{j.error ?? "—"}</dd>
              <dt>{t("exports.document")}</dt>
              <dd>
                <code>{detail.job.documentId}</code>{" "}
                {t("history.versionShort", { version: detail.job.documentVersion })}
              </dd>
              <dt>{t("export.template")}</dt>
              <dd>
                {detail.job.templateId} {detail.job.pageSize}
              </dd>
              <dt>{t("job.worker")}</dt>
              <dd>{detail.job.workerId ?? "—"}</dd>
              <dt>{t("job.trace")}</dt>
              <dd>
                {detail.job.traceId ? <code>{detail.job.traceId}</code> : "—"} <TraceLink job={detail.job} />
              </dd>
              <dt>{t("job.runTime")}</dt>
              <dd>{j.startedAt && j.completedAt ? ms(Date.parse(j.completedAt) - Date.parse(j.startedAt)) : "—"}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="timeline-h" style={{ marginTop: "1rem" }}>
            <h2 id="timeline-h">{t("job.timeline")}</h2>
            <ol className="timeline">
              {timeline(detail).map((s, i) => (
                <li key={i}>
                  <time dateTime={s.at}>{formatTime(s.at)}</time> {s.label}
                </li>
              ))}
            </ol>
          </section>
          <section className="card" aria-labelledby="attempts-h" style={{ marginTop: "1rem" }}>
            <h2 id="attempts-h">{t("job.attempts")}</h2>
            <table className="jobs-table" aria-label={t("job.attempts")}>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("job.outcome")}</th>
                  <th scope="col">{t("job.firstSeen")}</th>
                  <th scope="col">{t("job.lastSeen")}</th>
                  <th scope="col">{t("job.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {detail.attempts.map((a) => (
                  <tr key={a.attempt}>
                    <td>{a.attempt}</td>
                    <td>{a.outcome}</td>
                    <td>{formatTime(a.firstSeenAt)}</td>
                    <td>{formatTime(a.lastSeenAt)}</td>
                    <td className="small">{a.lastProblem ?? ""}</td>
                  </tr>
                ))}
                {detail.attempts.length === 0 && (
                  <tr>
                    <td colSpan={5} className="muted">
                      {t("job.noAttempts")}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </section>
          <section className="card" aria-labelledby="logs-h" style={{ marginTop: "1rem" }}>
            <h2 id="logs-h">{t("job.logs")}</h2>
            <ol className="log-lines" aria-label={t("job.logLines")}>
              {detail.logs.map((l, i) => (
                <li key={i} className={`log-${l.level.toLowerCase()}`}>
                  <time dateTime={l.at}>{formatTime(l.at)}</time> <span className="muted">#{l.attempt}</span>{" "}
                  <strong>{l.level}</strong> {l.message}
                </li>
              ))}
              {detail.logs.length === 0 && <li className="muted">{t("job.noLogs")}</li>}
            </ol>
          </section>
          <section className="card" aria-labelledby="payload-h" style={{ marginTop: "1rem" }}>
            <h2 id="payload-h">{t("job.payload")}</h2>
            <JsonViewer value={detail} label={PAYLOAD_ROOT} />
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
        <span className="json-key">{label}:</span>{" "}
        <span className={`json-${value === null ? "null" : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  return (
    <details className="json-node" open={depth < 1}>
      <summary>
        <span className="json-key">{label}</span>{" "}
        <span className="muted small">{Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`}</span>
      </summary>
      <div className="json-children">
        {entries.map(([k, v]) => (
          <JsonViewer key={k} value={v} label={k} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}
