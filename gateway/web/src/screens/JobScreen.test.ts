import { describe, expect, it } from "vitest";
import { timeline } from "./JobScreen";

describe("job timeline", () => {
  it("orders creation, start and logged state changes, ending with the final state", () => {
    const steps = timeline({
      job: {
        job: {
          jobId: "j",
          status: "completed",
          createdAt: "2026-11-22T09:00:00Z",
          startedAt: "2026-11-22T09:00:05Z",
          completedAt: "2026-11-22T09:00:09Z",
        } as never,
        type: "export_json",
        templateId: "json-resume",
      },
      dispatchedAttempt: 2,
      attempts: [],
      logs: [
        { attempt: 1, at: "2026-11-22T09:00:01Z", level: "info", message: "Accepted" },
        {
          attempt: 1,
          at: "2026-11-22T09:00:02Z",
          level: "error",
          message: "Attempt 1 failed: timeout; job dead_letter",
        },
        {
          attempt: 2,
          at: "2026-11-22T09:00:04Z",
          level: "info",
          message: "Retried by admin x after dead_letter: attempt 2 dispatched",
        },
        { attempt: 2, at: "2026-11-22T09:00:08Z", level: "info", message: "Attempt 2 completed on vm/1" },
      ],
    });
    expect(steps.map((s) => s.label)).toEqual([
      "created (pending)",
      "Attempt 1 failed: timeout; job dead_letter",
      "Retried by admin x after dead_letter: attempt 2 dispatched",
      "started (processing)",
      "Attempt 2 completed on vm/1",
      "completed",
    ]);
  });
});
