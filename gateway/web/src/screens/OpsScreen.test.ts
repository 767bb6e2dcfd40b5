import { describe, expect, it } from "vitest";
import { summarize, type JobStats } from "./OpsScreen";

describe("operations summary", () => {
  const base: JobStats = {
    queues: [
      { queue: "render", pending: 3, processing: 1 },
      { queue: "batch", pending: 2, processing: 0 },
    ],
    processing: 1,
    completedLastHour: 9,
    failedLastHour: 1,
    deadLetters: 0,
    throughputPerMinute: 0.2,
    completedPerMinute: [],
    runTimeMs: { p50: 1, p95: 2, p99: 3 },
    enqueueToStartMs: { p50: null, p95: null, p99: null },
    at: "",
  };
  it("sums queue depth and computes the success rate", () => {
    expect(summarize(base)).toEqual({ queueDepth: 5, successRate: 0.9 });
    expect(summarize({ ...base, completedLastHour: 0, failedLastHour: 0 }).successRate).toBeNull();
  });
});
