import { ApiError } from "../api/client";
import { t } from "../i18n";
import { formatWait } from "./rateLimit";

/**
 * A user-facing sentence for a refused request, and how long the action should stay disabled. `what` is the action's
 * name in the UI's language (limits.what.*).
 * 429 "in progress" → "3 exports already running…"; other 429s → "…try again in 40 s" from Retry-After.
 */
export function describeLimit(e: unknown, what: string, secondsLeft?: number): { message: string; waitMs?: number } {
  if (!(e instanceof ApiError)) return { message: e instanceof Error ? e.message : String(e) };
  if (e.status !== 429) {
    if (e.status === 503) return { message: t("limits.unavailable", { what }), waitMs: e.retryAfterMs };
    return { message: e.problem.detail ?? e.problem.title };
  }
  const waitMs = e.retryAfterMs ?? 10_000;
  // secondsLeft: the live countdown, so the sentence ticks with the button
  const wait = formatWait(secondsLeft ?? Math.ceil(waitMs / 1000));
  if (secondsLeft === 0) return { message: t("limits.tryNow", { what }) };
  const running = /in progress|pending or processing/i.test(`${e.problem.title} ${e.problem.detail ?? ""}`);
  if (running) {
    const n = Number(/At most (\d+)/.exec(e.problem.detail ?? "")?.[1] ?? "3");
    return { message: t("limits.exportsRunning", { count: n, wait }), waitMs };
  }
  if (/quota|daily/i.test(`${e.problem.title} ${e.problem.detail ?? ""}`))
    return { message: t("limits.quotaUsed", { wait }), waitMs };
  return { message: t("limits.tooMany", { what, wait }), waitMs };
}
