/**
 * Leading + trailing throttle: the first call runs at once, later calls within `ms` collapse into one call at the end
 * of the window with the latest arguments. `cancel` drops a pending trailing call.
 */
export function throttle<A extends unknown[]>(
  fn: (...args: A) => void,
  ms: number,
  timers: { now(): number; setTimeout(f: () => void, ms: number): unknown; clearTimeout(h: unknown): void } = {
    now: () => Date.now(),
    setTimeout: (f, t) => globalThis.setTimeout(f, t),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  },
) {
  let last = -Infinity;
  let pending: A | undefined;
  let timer: unknown;
  const run = (args: A) => {
    last = timers.now();
    fn(...args);
  };
  const throttled = (...args: A) => {
    const wait = last + ms - timers.now();
    if (wait <= 0 && timer === undefined) return run(args);
    pending = args;
    if (timer === undefined)
      timer = timers.setTimeout(() => {
        timer = undefined;
        const a = pending!;
        pending = undefined;
        run(a);
      }, Math.max(0, wait));
  };
  throttled.cancel = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  return throttled;
}
