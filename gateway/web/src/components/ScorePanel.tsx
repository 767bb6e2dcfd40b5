import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import "./history.css";
import { scoreApi, type ResumeScore } from "../api/score";
import { focusField } from "../lib/focusField";
import { describeLimit } from "../lib/limits";
import { formatWait, useCooldowns, useCountdown } from "../lib/rateLimit";

/** At most one score request per this many ms while typing: 7–8 a minute stays under the limit of 10. */
const MIN_INTERVAL_MS = 8_000;

/**
 * The resume score out of 100 with its reasons; each reason with a field links to it. Scored again after saves
 * (the server memoises per version, so reopening costs nothing new), waiting out a 429's Retry-After.
 */
export function ScorePanel({ docId, version }: { docId: string; version: number }) {
  const { t } = useTranslation();
  const [score, setScore] = useState<ResumeScore | null>(null);
  const [error, setError] = useState<string | null>(null);
  const wait = useCountdown("score");
  const lastAt = useRef(0);

  useEffect(() => {
    if (wait > 0 || (score && score.version >= version)) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      lastAt.current = Date.now();
      try {
        const s = await scoreApi.get(docId);
        if (!cancelled) {
          setScore(s);
          setError(null);
        }
      } catch (e) {
        if (cancelled) return;
        const { message, waitMs } = describeLimit(e, t("limits.what.score"));
        if (waitMs) useCooldowns.getState().block("score", waitMs);
        setError(message);
      }
    }, Math.max(0, lastAt.current + MIN_INTERVAL_MS - Date.now()));
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [docId, version, wait > 0]); // eslint-disable-line react-hooks/exhaustive-deps

  const fixes = score?.reasons.filter((r) => !r.passed) ?? [];
  const good = score?.reasons.filter((r) => r.passed) ?? [];
  return (
    <section className="card score-panel" aria-labelledby="score-heading" tabIndex={-1}>
      <div className="section-head">
        <h2 id="score-heading">{t("score.title")}</h2>
        {score && (
          <span className="score-value" data-testid="score-value">
            {score.score}
            <span className="muted small"> / {score.maxScore}</span>
          </span>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {wait > 0 ? t("score.limited", { wait: formatWait(wait) }) : error}
        </p>
      )}
      {!score && !error && <p className="muted">{t("score.scoring")}</p>}
      {score && (
        <>
          <p className="muted small">
            {score.version < version
              ? t("score.versionUpdating", { version: score.version })
              : t("history.version", { version: score.version })}
          </p>
          <ul className="score-categories" aria-label={t("score.byCategory")}>
            {score.categories.map((c) => (
              <li key={c.id}>
                <span>{c.name}</span>
                <meter min={0} max={c.maxPoints} value={c.points} aria-label={c.name} />
                <span className="small">
                  {c.points}/{c.maxPoints}
                </span>
              </li>
            ))}
          </ul>
          {fixes.length > 0 && (
            <>
              <h3>{t("score.toImprove")}</h3>
              <ul className="score-reasons" aria-label={t("score.toImprove")}>
                {fixes.map((r, i) => (
                  <li key={r.id + i} data-testid="score-reason" data-reason={r.id}>
                    {r.path ? (
                      <button type="button" className="link" onClick={() => focusField(r.path!)}>
                        {r.message}
                      </button>
                    ) : (
                      r.message
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {good.length > 0 && (
            <details>
              <summary>{t("score.good", { count: good.length })}</summary>
              <ul className="score-reasons">
                {good.map((r) => (
                  <li key={r.id}>✓ {r.message}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
