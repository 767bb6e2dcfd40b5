import { AccountSettings } from "./AccountSettings";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { accountApi, describeDevice, planLabel, type Session } from "../api/account";
import { ApiError } from "../api/client";
import { describeLimit } from "../lib/limits";
import { formatWait, useCooldowns, useCountdown } from "../lib/rateLimit";
import { Link, navigate } from "../router";
import { useAuth } from "../stores/authStore";
import { ErrorBox } from "../components/ErrorBox";
import { formatDateTime, formatNumber } from "../i18n/format";

const tokenFromLink = () => new URLSearchParams(location.search).get("token") ?? "";

function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="auth" id="main">
      <div className="card auth-card">
        <p className="brand">ResumePair</p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function ForgotPasswordScreen() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.includes("@")) return setError(t("account.forgot.enterEmail"));
    setBusy(true);
    setError(null);
    try {
      await accountApi.forgot(email.trim());
      setSent(true);
    } catch (err) {
      setError(describeLimit(err, t("limits.what.passwordReset")).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthCard title={t("account.forgot.title")}>
      {sent ? (
        <p role="status" className="ok-box">
          {t("account.forgot.sent", { email })}
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">{t("account.forgot.intro")}</p>
          <div className="field">
            <label htmlFor="forgot-email">{t("auth.email")}</label>
            <input
              id="forgot-email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <ErrorBox message={error} />
          <button type="submit" className="btn primary block" disabled={busy}>
            {busy ? t("account.forgot.sending") : t("account.forgot.send")}
          </button>
        </form>
      )}
      <p className="muted center">
        <Link to="/signin">{t("account.forgot.back")}</Link>
      </p>
    </AuthCard>
  );
}

export function ResetPasswordScreen() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromLink);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (password.length < 12) return setError(t("account.reset.tooShort", { count: 12 }));
    if (password !== confirm) return setError(t("account.reset.differ"));
    setBusy(true);
    try {
      await accountApi.reset(token, password);
      setDone(true);
      history.replaceState(null, "", "/reset-password"); // the token is used up: keep it out of the history
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const fieldMessage = Object.values(err.problem.errors ?? {})[0]?.[0];
        setError(fieldMessage ?? t("account.reset.invalidLink"));
      } else setError(describeLimit(err, t("limits.what.passwordReset")).message);
    } finally {
      setBusy(false);
    }
  };
  if (!token)
    return (
      <AuthCard title={t("account.reset.title")}>
        <p className="error-box" role="alert">
          {t("account.reset.noToken")}
        </p>
        <p className="center">
          <Link to="/forgot-password">{t("account.reset.askNew")}</Link>
        </p>
      </AuthCard>
    );
  return (
    <AuthCard title={t("account.reset.title")}>
      {done ? (
        <>
          <p role="status" className="ok-box">
            {t("account.reset.done")}
          </p>
          <p className="center">
            <Link to="/signin">{t("account.reset.signIn")}</Link>
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="new-password">{t("account.newPassword")}</label>
            <input
              id="new-password"
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="confirm-password">{t("account.repeatPassword")}</label>
            <input
              id="confirm-password"
              type="password"
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
          </div>
          <ErrorBox message={error} />
          <button type="submit" className="btn primary block" disabled={busy}>
            {busy ? t("common.saving") : t("account.reset.submit")}
          </button>
        </form>
      )}
    </AuthCard>
  );
}

export function VerifyEmailScreen() {
  const { t } = useTranslation();
  const [state, setState] = useState<"working" | "done" | "failed">("working");
  const [message, setMessage] = useState("");
  const status = useAuth((s) => s.status);
  useEffect(() => {
    const token = tokenFromLink();
    if (!token) {
      setState("failed");
      setMessage(t("account.verify.noToken"));
      return;
    }
    let cancelled = false;
    accountApi.verify(token).then(
      () => {
        if (cancelled) return;
        setState("done");
        history.replaceState(null, "", "/verify-email");
        void useAuth.getState().refreshUser();
      },
      (err) => {
        if (cancelled) return;
        setState("failed");
        setMessage(
          err instanceof ApiError && err.status === 400
            ? t("account.verify.invalid")
            : describeLimit(err, t("limits.what.verification")).message,
        );
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return (
    <AuthCard title={t("account.verify.title")}>
      {state === "working" && (
        <p role="status" aria-busy="true">
          {t("account.verify.working")}
        </p>
      )}
      {state === "done" && (
        <p role="status" className="ok-box">
          {t("account.verify.done")}
        </p>
      )}
      {state === "failed" && (
        <p role="alert" className="error-box">
          {message}{" "}
          {status === "signed-in" ? t("account.verify.resendFromAccount") : t("account.verify.signInToResend")}
        </p>
      )}
      <p className="center">
        {status === "signed-in" ? (
          <Link to="/account">{t("account.verify.goToAccount")}</Link>
        ) : (
          <Link to="/signin">{t("auth.signIn")}</Link>
        )}
      </p>
    </AuthCard>
  );
}

/** The "confirm your email" notice with a resend button (rate limited: countdown). */
export function VerifyBanner() {
  const { t } = useTranslation();
  const user = useAuth((s) => s.user);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const wait = useCountdown("email-resend");
  if (!user || user.emailVerified !== false) return null;
  const resend = async () => {
    setError(null);
    try {
      await accountApi.resend();
      setSent(true);
      useCooldowns.getState().block("email-resend", 30_000);
    } catch (e) {
      const { message, waitMs } = describeLimit(e, t("limits.what.sendingMail"));
      setError(message);
      if (waitMs) useCooldowns.getState().block("email-resend", waitMs);
    }
  };
  return (
    <div className="banner" role="region" aria-label={t("account.banner.label")}>
      <span>
        {t("account.banner.text", { email: user.email })}{" "}
        {sent && <strong role="status">{t("account.banner.sent")}</strong>}
        {error && <span role="alert"> {error}</span>}
      </span>
      <button type="button" className="btn small" onClick={resend} disabled={wait > 0}>
        {wait > 0 ? t("account.banner.resendIn", { wait: formatWait(wait) }) : t("account.banner.resend")}
      </button>
    </div>
  );
}

export function AccountScreen() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = async () => {
    try {
      setSessions(await accountApi.sessions());
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load();
    void useAuth.getState().refreshUser();
  }, []);

  const revoke = async (s: Session) => {
    setMessage(null);
    try {
      if (s.current) {
        await logout();
        navigate("/signin", true);
        return;
      }
      await accountApi.revoke(s.id);
      setSessions((list) => list?.filter((x) => x.id !== s.id) ?? null);
      setMessage(t("account.sessions.signedOut", { device: describeDevice(s.userAgent) }));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const everywhere = async () => {
    setMessage(null);
    try {
      for (const s of sessions ?? []) if (!s.current) await accountApi.revoke(s.id);
    } catch {
      /* the current session is revoked below anyway */
    }
    await logout();
    navigate("/signin", true);
  };

  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>{t("account.title")}</h1>
      </div>
      <section className="card" aria-labelledby="profile-h">
        <h2 id="profile-h">{t("account.profile.title")}</h2>
        <dl className="facts">
          <dt>{t("auth.name")}</dt>
          <dd>{user?.name}</dd>
          <dt>{t("auth.email")}</dt>
          <dd>
            {user?.email}{" "}
            {user?.emailVerified ? (
              <span className="badge ok">{t("account.profile.confirmed")}</span>
            ) : (
              <span className="badge warn">{t("account.profile.notConfirmed")}</span>
            )}
          </dd>
          <dt>{t("account.profile.plan")}</dt>
          <dd data-testid="account-plan">{planLabel(user?.plan)}</dd>
          {user?.aiQuota && (
            <>
              <dt>{t("account.profile.aiLeft")}</dt>
              <dd>
                {t("account.profile.aiLeftValue", {
                  remaining: user.aiQuota.remaining,
                  limit: user.aiQuota.dailyLimit,
                })}
              </dd>
            </>
          )}
          {user?.storageUsedBytes != null && (
            <>
              <dt>{t("account.profile.storage")}</dt>
              <dd>
                {t("account.profile.storageKb", {
                  kb: formatNumber(user.storageUsedBytes / 1024, {
                    minimumFractionDigits: 1,
                    maximumFractionDigits: 1,
                  }),
                })}
              </dd>
            </>
          )}
        </dl>
      </section>
      <section className="card" aria-labelledby="sessions-h" style={{ marginTop: "1rem" }}>
        <div className="section-head">
          <h2 id="sessions-h">{t("account.sessions.title")}</h2>
          <button type="button" className="btn danger small" onClick={everywhere} disabled={!sessions}>
            {t("account.sessions.everywhere")}
          </button>
        </div>
        {error && (
          <p className="error-box" role="alert">
            {t("account.sessions.loadFailed", { error })}
          </p>
        )}
        {message && <p role="status">{message}</p>}
        {!sessions && !error ? (
          <div
            className="skeleton"
            style={{ height: 96 }}
            aria-busy="true"
            aria-label={t("account.sessions.loading")}
          />
        ) : (
          <table className="jobs-table" aria-label={t("account.sessions.table")}>
            <thead>
              <tr>
                <th scope="col">{t("account.sessions.device")}</th>
                <th scope="col">{t("account.sessions.signedIn")}</th>
                <th scope="col">{t("account.sessions.lastUsed")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions?.map((s) => (
                <tr key={s.id} data-testid="session-row" data-current={s.current}>
                  <td>
                    {describeDevice(s.userAgent)}{" "}
                    {s.current && <span className="badge ok">{t("account.sessions.thisDevice")}</span>}
                  </td>
                  <td>{formatDateTime(s.createdAt)}</td>
                  <td>{formatDateTime(s.lastUsedAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="btn small"
                      onClick={() => revoke(s)}
                      aria-label={
                        s.current
                          ? t("account.sessions.signOutThis")
                          : t("account.sessions.revokeLabel", {
                              device: describeDevice(s.userAgent),
                              at: formatDateTime(s.createdAt),
                            })
                      }
                    >
                      {s.current ? t("app.signOut") : t("account.sessions.revoke")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <AccountSettings />
    </main>
  );
}
