// @vitest-environment jsdom
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { describeLimit } from "./limits";
import { formatWait, parseRetryAfter, secondsLeft, useCooldowns, useCountdown } from "./rateLimit";

describe("Retry-After and waits", () => {
  it("parses seconds and HTTP dates", () => {
    expect(parseRetryAfter("40")).toBe(40_000);
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(parseRetryAfter("Sun, 22 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
  it("rounds seconds left up and formats them", () => {
    expect(secondsLeft(10_001, 0)).toBe(11);
    expect(secondsLeft(10_000, 10_000)).toBe(0);
    expect(secondsLeft(undefined)).toBe(0);
    expect(formatWait(40)).toBe("40 s");
    expect(formatWait(125)).toBe("2 min 5 s");
    expect(formatWait(120)).toBe("2 min");
  });
});

describe("limit messages", () => {
  const problem = (title: string, detail?: string) => ({ status: 429, title, detail });
  it("says how many exports are running", () => {
    const e = new ApiError(
      problem("Too many exports in progress", "At most 3 exports may be pending or processing at once."),
      10_000,
    );
    const d = describeLimit(e, "Export");
    expect(d.message).toBe("3 exports already running. Wait for one to finish, or try again in 10 s.");
    expect(d.waitMs).toBe(10_000);
  });
  it("says when to try again from Retry-After", () => {
    const d = describeLimit(new ApiError(problem("Too Many Requests"), 40_000), "Export");
    expect(d.message).toBe("Export: too many requests. Try again in 40 s.");
    expect(d.waitMs).toBe(40_000);
  });
  it("passes other problems through", () => {
    expect(
      describeLimit(new ApiError({ status: 404, title: "Not Found", detail: "No such document" }), "Export").message,
    ).toBe("No such document");
    expect(describeLimit(new Error("boom"), "Export").message).toBe("boom");
  });
});

describe("rate-limit countdown", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
    useCooldowns.setState({ until: {} });
  });
  it("counts down every second and clears the action when it reaches zero", () => {
    const { result } = renderHook(() => useCountdown("export"));
    expect(result.current).toBe(0);
    act(() => useCooldowns.getState().block("export", 3_000));
    expect(result.current).toBe(3);
    act(() => void vi.advanceTimersByTime(1_000));
    expect(result.current).toBe(2);
    act(() => void vi.advanceTimersByTime(2_000));
    expect(result.current).toBe(0);
    expect(useCooldowns.getState().until.export).toBeUndefined();
  });
  it("a shorter block never shortens a longer one; actions are independent", () => {
    useCooldowns.getState().block("ai:generate", 20_000);
    useCooldowns.getState().block("ai:generate", 5_000);
    expect(useCooldowns.getState().until["ai:generate"]).toBe(20_000);
    expect(useCooldowns.getState().until["ai:extract"]).toBeUndefined();
  });
});

describe("limit message with a live countdown", () => {
  it("ticks with the button and says when the wait is over", () => {
    const e = new ApiError({ status: 429, title: "Too Many Requests" }, 40_000);
    expect(describeLimit(e, "Export", 12).message).toBe("Export: too many requests. Try again in 12 s.");
    expect(describeLimit(e, "Export", 0).message).toBe("Export: you can try again now.");
  });
});
