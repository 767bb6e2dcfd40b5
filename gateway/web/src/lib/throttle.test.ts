import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { throttle } from "./throttle";

describe("throttle (preview updates)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  it("runs the first call at once and the latest call at the end of the window", () => {
    const calls: number[] = [];
    const t = throttle((n: number) => calls.push(n), 100);
    t(1);
    t(2);
    t(3);
    expect(calls).toEqual([1]);
    vi.advanceTimersByTime(99);
    expect(calls).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual([1, 3]);
    vi.advanceTimersByTime(500);
    t(4);
    expect(calls).toEqual([1, 3, 4]);
  });
  it("typing for a second yields about ten updates, not one per keystroke", () => {
    let count = 0;
    const t = throttle(() => count++, 100);
    for (let i = 0; i < 50; i++) {
      t();
      vi.advanceTimersByTime(20);
    }
    vi.advanceTimersByTime(100);
    expect(count).toBeGreaterThanOrEqual(10);
    expect(count).toBeLessThanOrEqual(12);
  });
  it("cancel drops the pending trailing call", () => {
    const calls: number[] = [];
    const t = throttle((n: number) => calls.push(n), 100);
    t(1);
    t(2);
    t.cancel();
    vi.advanceTimersByTime(200);
    expect(calls).toEqual([1]);
  });
});
