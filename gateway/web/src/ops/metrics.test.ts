import { describe, expect, it } from "vitest";
import { addSample, alertsFor, breakdown, replicasOf, seriesPoints, SAMPLE_WINDOW_MS, withHistory } from "./metrics";

const s = (at: number, queueDepth = 0, throughputPerMinute = 0) => ({
  at,
  queueDepth,
  processing: 0,
  throughputPerMinute,
});

describe("operations metrics", () => {
  it("keeps one hour of samples in order", () => {
    let samples = [s(0), s(1000)];
    samples = addSample(samples, s(500)); // out of order: ignored
    expect(samples.map((x) => x.at)).toEqual([0, 1000]);
    samples = addSample(samples, s(SAMPLE_WINDOW_MS + 500));
    expect(samples.map((x) => x.at)).toEqual([1000, SAMPLE_WINDOW_MS + 500]);
  });
  it("draws the newest sample at the right edge and scales to the peak", () => {
    const pts = seriesPoints([s(0, 5), s(SAMPLE_WINDOW_MS, 10)], (x) => x.queueDepth, SAMPLE_WINDOW_MS, 600, 100, 10);
    expect(pts).toBe("0.0,50.0 600.0,2.0");
  });
  it("raises alerts for dead letters, low success, deep queues, slow starts and unhealthy services", () => {
    expect(
      alertsFor({
        queueDepth: 0,
        deadLetters: 0,
        successRate: 1,
        waitP95Ms: 100,
        health: [{ name: "documents", status: "Healthy" }],
      }),
    ).toEqual([]);
    const alerts = alertsFor({
      queueDepth: 80,
      deadLetters: 2,
      successRate: 0.5,
      waitP95Ms: 45_000,
      health: [{ name: "pdf-renderer", status: "Degraded", description: "1/2 replicas ready" }],
    });
    expect(alerts.map((a) => a.text)).toEqual([
      "pdf-renderer is degraded (1/2 replicas ready)",
      "2 jobs in the dead-letter list",
      "Success rate 50 % in the last hour",
      "Queue depth 80",
      "Jobs wait 45 s to start (p95)",
    ]);
    expect(alerts[1].level).toBe("critical");
  });
  it("reads replicas from the gateway's health data and counts job types", () => {
    expect(
      replicasOf({
        name: "x",
        status: "Degraded",
        data: { "http://a": "Healthy: 200 in 3 ms", "http://b": "Unhealthy: Connection refused" },
      }),
    ).toEqual([
      { url: "http://a", healthy: true, detail: "200 in 3 ms" },
      { url: "http://b", healthy: false, detail: "Connection refused" },
    ]);
    expect(breakdown([{ t: "export_pdf" }, { t: "export_json" }, { t: "export_pdf" }], (x) => x.t)).toEqual([
      { key: "export_pdf", count: 2 },
      { key: "export_json", count: 1 },
    ]);
  });
});

describe("withHistory", () => {
  it("starts the chart with the server's hour and keeps only live samples taken after its last point", () => {
    const history = [
      { minute: "2026-11-22T10:00:00Z", queueDepth: 4, processing: 1, completed: 7 },
      { minute: "2026-11-22T10:01:00Z", queueDepth: 2, processing: 2, completed: 9 },
    ];
    const last = Date.parse("2026-11-22T10:01:00Z");
    const live = [
      { at: last - 1000, queueDepth: 99, processing: 0, throughputPerMinute: 0 },
      { at: last + 5000, queueDepth: 1, processing: 1, throughputPerMinute: 8 },
    ];
    const merged = withHistory(history, live);
    expect(merged.map((s) => s.queueDepth)).toEqual([4, 2, 1]);
    expect(merged[1]).toEqual({ at: last, queueDepth: 2, processing: 2, throughputPerMinute: 9 });
    expect(withHistory(undefined, live)).toEqual(live);
  });
});
