import { AccountSettings } from "./AccountSettings";
import { useEffect, useState, type FormEvent } from "react";
import { accountApi, describeDevice, planLabel, type Session } from "../api/account";
import { ApiError } from "../api/client";
import { describeLimit } from "../lib/limits";
import { formatWait, useCooldowns, useCountdown } from "../lib/rateLimit";
import { Link, navigate } from "../router";
import { useAuth } from "../stores/authStore";
import { ErrorBox } from "../components/ErrorBox";

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
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.includes("@")) return setError("Enter the email address of your account.");
    setBusy(true);
    setError(null);
    try {
      await accountApi.forgot(email.trim());
      setSent(true);
    } catch (err) {
      setError(describeLimit(err, "Password reset").message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthCard title="Reset your password">
      {sent ? (
        <p role="status" className="ok-box">
          If an account exists for {email}, we have sent a link to reset its password. The link works once and expires soon.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">Enter your email address and we will send you a link to choose a new password.</p>
          <div className="field">
            <label htmlFor="forgot-email">Email</label>
            <input id="forgot-email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <ErrorBox message={error} />
          <button type="submit" className="btn primary block" disabled={busy}>
            {busy ? "Sending…" : "Send reset link"}
          </button>
        </form>
      )}
      <p className="muted center">
        <Link to="/signin">Back to sign in</Link>
      </p>
    </AuthCard>
  );
}

export function ResetPasswordScreen() {
  const [token] = useState(tokenFromLink);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (password.length < 12) return setError("Choose a password of at least 12 characters.");
    if (password !== confirm) return setError("The two passwords differ.");
    setBusy(true);
    try {
      await accountApi.reset(token, password);
      setDone(true);
      history.replaceState(null, "", "/reset-password"); // the token is used up: keep it out of the history
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const fieldMessage = Object.values(err.problem.errors ?? {})[0]?.[0];
        setError(fieldMessage ?? "This reset link is invalid or has expired. Ask for a new one.");
      } else setError(describeLimit(err, "Password reset").message);
    } finally {
      setBusy(false);
    }
  };
  if (!token)
    return (
      <AuthCard title="Choose a new password">
        <p className="error-box" role="alert">
          This link has no reset token. Open the link from the mail again, or ask for a new one.
        </p>
        <p className="center">
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </AuthCard>
    );
  return (
    <AuthCard title="Choose a new password">
      {done ? (
        <>
          <p role="status" className="ok-box">
            Your password has been changed. Every device has been signed out.
          </p>
          <p className="center">
            <Link to="/signin">Sign in with your new password</Link>
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="new-password">New password</label>
            <input id="new-password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="confirm-password">Repeat the new password</label>
            <input id="confirm-password" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          </div>
          <ErrorBox message={error} />
          <button type="submit" className="btn primary block" disabled={busy}>
            {busy ? "Saving…" : "Set new password"}
          </button>
        </form>
      )}
    </AuthCard>
  );
}

export function VerifyEmailScreen() {
  const [state, setState] = useState<"working" | "done" | "failed">("working");
  const [message, setMessage] = useState("");
  const status = useAuth((s) => s.status);
  useEffect(() => {
    const token = tokenFromLink();
    if (!token) {
      setState("failed");
      setMessage("This link has no verification token.");
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
        setMessage(err instanceof ApiError && err.status === 400 ? "This verification link is invalid, already used or expired." : describeLimit(err, "Verification").message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return (
    <AuthCard title="Confirm your email">
      {state === "working" && (
        <p role="status" aria-busy="true">
          Confirming your email address…
        </p>
      )}
      {state === "done" && (
        <p role="status" className="ok-box">
          Your email address is confirmed.
        </p>
      )}
      {state === "failed" && (
        <p role="alert" className="error-box">
          {message} {status === "signed-in" ? "You can send a new link from your account page." : "Sign in to send a new link."}
        </p>
      )}
      <p className="center">{status === "signed-in" ? <Link to="/account">Go to your account</Link> : <Link to="/signin">Sign in</Link>}</p>
    </AuthCard>
  );
}

/** The "confirm your email" notice with a resend button (rate limited: countdown). */
export function VerifyBanner() {
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
      const { message, waitMs } = describeLimit(e, "Sending the mail");
      setError(message);
      if (waitMs) useCooldowns.getState().block("email-resend", waitMs);
    }
  };
  return (
    <div className="banner" role="region" aria-label="Email confirmation">
      <span>
        Please confirm your email address ({user.email}). {sent && <strong role="status">We sent a new link.</strong>}
        {error && <span role="alert"> {error}</span>}
      </span>
      <button type="button" className="btn small" onClick={resend} disabled={wait > 0}>
        {wait > 0 ? `Resend link (${formatWait(wait)})` : "Resend link"}
      </button>
    </div>
  );
}

export function AccountScreen() {
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
      setMessage(`Signed out ${describeDevice(s.userAgent)}.`);
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
        <h1>Your account</h1>
      </div>
      <section className="card" aria-labelledby="profile-h">
        <h2 id="profile-h">Profile</h2>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{user?.name}</dd>
          <dt>Email</dt>
          <dd>
            {user?.email} {user?.emailVerified ? <span className="badge ok">confirmed</span> : <span className="badge warn">not confirmed</span>}
          </dd>
          <dt>Plan</dt>
          <dd data-testid="account-plan">{planLabel(user?.plan)}</dd>
          {user?.aiQuota && (
            <>
              <dt>AI requests left today</dt>
              <dd>
                {user.aiQuota.remaining} of {user.aiQuota.dailyLimit}
              </dd>
            </>
          )}
          {user?.storageUsedBytes != null && (
            <>
              <dt>Storage used</dt>
              <dd>{(user.storageUsedBytes / 1024).toFixed(1)} KB</dd>
            </>
          )}
        </dl>
      </section>
      <section className="card" aria-labelledby="sessions-h" style={{ marginTop: "1rem" }}>
        <div className="section-head">
          <h2 id="sessions-h">Signed-in devices</h2>
          <button type="button" className="btn danger small" onClick={everywhere} disabled={!sessions}>
            Sign out everywhere
          </button>
        </div>
        {error && (
          <p className="error-box" role="alert">
            Could not load your sessions: {error}
          </p>
        )}
        {message && <p role="status">{message}</p>}
        {!sessions && !error ? (
          <div className="skeleton" style={{ height: 96 }} aria-busy="true" aria-label="Loading sessions" />
        ) : (
          <table className="jobs-table" aria-label="Sessions">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions?.map((s) => (
                <tr key={s.id} data-testid="session-row" data-current={s.current}>
                  <td>
                    {describeDevice(s.userAgent)} {s.current && <span className="badge ok">this device</span>}
                  </td>
                  <td>{new Date(s.createdAt).toLocaleString()}</td>
                  <td>{new Date(s.lastUsedAt).toLocaleString()}</td>
                  <td>
                    <button type="button" className="btn small" onClick={() => revoke(s)} aria-label={s.current ? "Sign out this device" : `Revoke session on ${describeDevice(s.userAgent)}, signed in ${new Date(s.createdAt).toLocaleString()}`}>
                      {s.current ? "Sign out" : "Revoke"}
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
