import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client";
import { Link, navigate } from "../router";
import { useAuth } from "../stores/authStore";
import { ErrorBox } from "../components/ErrorBox";

export function AuthScreen({ mode }: { mode: "signin" | "signup" }) {
  const { login, register } = useAuth();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const signup = mode === "signup";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      if (signup) await register(email, password, name);
      else await login(email, password);
      navigate("/", true);
    } catch (err) {
      if (err instanceof ApiError) {
        setFieldErrors(err.problem.errors ?? {});
        setError(err.status === 401 ? "Wrong email or password." : err.status === 429 ? `Too many attempts. ${err.problem.detail ?? "Try again later."}` : err.problem.detail ?? err.problem.title);
      } else setError("Cannot reach ResumePair. Check your connection.");
    } finally {
      setBusy(false);
    }
  };

  const err = (k: string) =>
    fieldErrors[k]?.[0] && (
      <p className="field-error" id={`${k}-error`}>
        {fieldErrors[k][0]}
      </p>
    );

  return (
    <main className="auth" id="main">
      <form className="card auth-card" onSubmit={submit} noValidate aria-labelledby="auth-title">
        <p className="brand">ResumePair</p>
        <h1 id="auth-title">{signup ? "Create your account" : "Sign in"}</h1>
        {signup && (
          <div className="field">
            <label htmlFor="name">Name</label>
            <input id="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!fieldErrors.name || undefined} aria-describedby={fieldErrors.name ? "name-error" : undefined} />
            {err("name")}
          </div>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!fieldErrors.email || undefined} aria-describedby={fieldErrors.email ? "email-error" : undefined} />
          {err("email")}
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" type="password" autoComplete={signup ? "new-password" : "current-password"} required value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={!!fieldErrors.password || undefined} aria-describedby={fieldErrors.password ? "password-error" : undefined} />
          {err("password")}
        </div>
        <ErrorBox message={error} />
        <button type="submit" className="btn primary block" disabled={busy}>
          {busy ? "Please wait…" : signup ? "Create account" : "Sign in"}
        </button>
        {!signup && (
          <p className="center small">
            <Link to="/forgot-password">Forgot your password?</Link>
          </p>
        )}
        <p className="muted center">
          {signup ? (
            <>
              Already have an account? <Link to="/signin">Sign in</Link>
            </>
          ) : (
            <>
              New here? <Link to="/signup">Create an account</Link>
            </>
          )}
        </p>
      </form>
    </main>
  );
}
