/** Pure helpers of the operations dashboard: samples over the last hour, alerts, the chart's paths, health parsing. */
import { t } from "../i18n";

export interface Sample {
  at: number;
  queueDepth: number;
  processing: number;
  throughputPerMinute: number;
}

export const SAMPLE_WINDOW_MS = 60 * 60_000;

/** Adds a sample and drops those older than the window (and out-of-order duplicates). */
export function addSample(samples: Sample[], sample: Sample, windowMs = SAMPLE_WINDOW_MS): Sample[] {
  const last = samples[samples.length - 1];
  const next = last && sample.at <= last.at ? samples : [...samples, sample];
  return next.filter((s) => sample.at - s.at <= windowMs);
}

/**
 * One point of the server's hour (GET /api/v1/jobs/stats `history`): computed from job rows, so whole on first load.
 */
export interface HistoryPoint {
  minute: string;
  queueDepth: number;
  processing: number;
  completed: number;
}

/** The chart's series: the server's hour, then this page's own finer samples taken after its last point. */
export function withHistory(history: HistoryPoint[] | undefined, samples: Sample[]): Sample[] {
  const fromServer = (history ?? []).map((h) => ({
    at: Date.parse(h.minute),
    queueDepth: h.queueDepth,
    processing: h.processing,
    throughputPerMinute: h.completed,
  }));
  const lastAt = fromServer.length ? fromServer[fromServer.length - 1].at : -Infinity;
  return [...fromServer, ...samples.filter((s) => s.at > lastAt)];
}

/** An SVG polyline for one series, x over [now - window, now], y scaled to [0, max]. */
export function seriesPoints(
  samples: Sample[],
  pick: (s: Sample) => number,
  now: number,
  width: number,
  height: number,
  max: number,
  windowMs = SAMPLE_WINDOW_MS,
): string {
  return samples
    .map((s) => {
      const x = width - ((now - s.at) / windowMs) * width;
      const y = height - (Math.min(pick(s), max) / Math.max(max, 1e-9)) * (height - 4) - 2;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}

export interface Alert {
  level: "critical" | "warning";
  text: string;
}

export interface HealthCheck {
  name: string;
  status: string;
  description?: string;
  data?: Record<string, string> | null;
}

export interface AlertInput {
  queueDepth: number;
  deadLetters: number;
  successRate: number | null;
  waitP95Ms: number | null;
  health?: HealthCheck[];
}

export function alertsFor(i: AlertInput): Alert[] {
  const alerts: Alert[] = [];
  for (const h of i.health ?? [])
    if (h.status !== "Healthy") {
      const state = healthName(h.status).toLocaleLowerCase();
      const text = h.description
        ? t("ops.alert.serviceWith", { name: h.name, state, description: h.description })
        : t("ops.alert.service", { name: h.name, state });
      alerts.push({ level: h.status === "Unhealthy" ? "critical" : "warning", text });
    }
  if (i.deadLetters > 0) alerts.push({ level: "critical", text: t("ops.alert.deadLetters", { count: i.deadLetters }) });
  if (i.successRate != null && i.successRate < 0.9)
    alerts.push({ level: "warning", text: t("ops.alert.successRate", { rate: (i.successRate * 100).toFixed(0) }) });
  if (i.queueDepth >= 50) alerts.push({ level: "warning", text: t("ops.alert.queueDepth", { depth: i.queueDepth }) });
  if (i.waitP95Ms != null && i.waitP95Ms > 30_000)
    alerts.push({ level: "warning", text: t("ops.alert.wait", { seconds: (i.waitP95Ms / 1000).toFixed(0) }) });
  return alerts;
}

/** A health status (Healthy, Degraded, Unhealthy…) in the UI's language; one this app does not know as sent. */
export function healthName(status: string): string {
  return String(t(`ops.health.${status}` as never, { defaultValue: status }));
}

/** Replicas of one gateway health check: `data` maps replica URL → "Healthy: 200 in 3 ms". */
export function replicasOf(check: HealthCheck): { url: string; healthy: boolean; detail: string }[] {
  return Object.entries(check.data ?? {}).map(([url, v]) => ({
    url,
    healthy: String(v).startsWith("Healthy"),
    detail: String(v).replace(/^(Un)?[Hh]ealthy: /, ""),
  }));
}

/** Counts by a key (job types, statuses), largest first. */
export function breakdown<T>(items: T[], key: (t: T) => string): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
  return [...counts]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
