import { useEffect, useState } from "react";
import { create } from "zustand";
import { t } from "../i18n";

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Whole seconds left until `until` (rounded up; 0 once passed). */
export function secondsLeft(until: number | undefined, now = Date.now()): number {
  return until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

/** "try again in 40 s" / "try again in 2 min 5 s" (in the UI's language). */
export function formatWait(seconds: number): string {
  if (seconds <= 0) return t("wait.now");
  if (seconds < 60) return t("wait.seconds", { s: seconds });
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? t("wait.minutes", { m }) : t("wait.minutesSeconds", { m, s });
}

interface CooldownState {
  until: Record<string, number>;
  block(key: string, ms: number, now?: number): void;
  clear(key: string): void;
}

/**
 * Rate-limited actions by name ("export", "ai:generate"): blocked until a time, shared by every button of that action.
 */
export const createCooldowns = () =>
  create<CooldownState>((set, get) => ({
    until: {},
    block(key, ms, now = Date.now()) {
      const until = now + ms;
      if ((get().until[key] ?? 0) >= until) return;
      set({ until: { ...get().until, [key]: until } });
    },
    clear(key) {
      const { [key]: _, ...rest } = get().until;
      set({ until: rest });
    },
  }));

export const useCooldowns = createCooldowns();

/** Seconds left for a rate-limited action, ticking every second while above 0. */
export function useCountdown(key: string): number {
  const until = useCooldowns((s) => s.until[key]);
  const [now, setNow] = useState(() => Date.now());
  const left = secondsLeft(until, now);
  useEffect(() => {
    if (!until) return;
    setNow(Date.now());
    const t = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= until) {
        clearInterval(t);
        useCooldowns.getState().clear(key);
      }
    }, 1000);
    return () => clearInterval(t);
  }, [until, key]);
  return left;
}
