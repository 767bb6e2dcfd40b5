import i18n, { t } from "../i18n";
import { api } from "./client";

export interface Session {
  id: string;
  userAgent?: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export const accountApi = {
  sessions: () => api.json<Session[]>("/api/v1/auth/sessions"),
  revoke: (id: string) => api.json<void>(`/api/v1/auth/sessions/${id}`, { method: "DELETE" }),
  forgot: (email: string) => api.json<void>("/api/v1/auth/password/forgot", { method: "POST", json: { email } }),
  reset: (token: string, newPassword: string) =>
    api.json<void>("/api/v1/auth/password/reset", { method: "POST", json: { token, newPassword } }),
  verify: (token: string) => api.json<void>("/api/v1/auth/email/verify", { method: "POST", json: { token } }),
  resend: () => api.json<void>("/api/v1/auth/email/resend", { method: "POST" }),
};

/**
 * "free" → "Free plan", "team_plus" → "Team plus plan"; plans are the server's configuration, so any name is shown
 * (the ones this app knows in the UI's language: account.plan.*).
 */
export function planLabel(plan: string | undefined): string {
  const id = plan || "free";
  if (i18n.exists(`account.plan.${id}`)) return String(t(`account.plan.${id}` as never));
  const name = id.replace(/[_-]+/g, " ");
  return t("account.planLabel", { name: `${name.charAt(0).toUpperCase()}${name.slice(1)}` });
}

/** "Chrome on Linux" from a user agent string; "Unknown device" when there is none. */
export function describeDevice(userAgent?: string | null): string {
  if (!userAgent) return t("account.device.unknown");
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /HeadlessChrome|Chrome\/|Chromium\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : /curl|HttpClient|dotnet/i.test(ua)
              ? t("account.device.apiClient")
              : t("account.device.browser");
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad/.test(ua)
        ? "iOS"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return os ? t("account.device.on", { browser, os }) : browser;
}
