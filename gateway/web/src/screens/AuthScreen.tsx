import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { Link, navigate } from "../router";
import { useAuth } from "../stores/authStore";
import { ErrorBox } from "../components/ErrorBox";

export function AuthScreen({ mode }: { mode: "signin" | "signup" }) {
  const { t } = useTranslation();
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
        setError(
          err.status === 401
            ? t("auth.wrongCredentials")
            : err.status === 429
              ? t("auth.tooManyAttempts", { detail: err.problem.detail ?? t("auth.tryLater") })
              : (err.problem.detail ?? err.problem.title),
        );
      } else setError(t("auth.unreachable"));
    } finally {
      setBusy(false);
    }
  };


  return (
    <main className="auth" id="main">
      <form className="card auth-card" onSubmit={submit} noValidate aria-labelledby="auth-title">
        <p className="brand">ResumePair</p>
        <h1 id="auth-title">{signup ? t("auth.signUpTitle") : t("auth.signIn")}</h1>
        {signup && (
          <div className="field">
            <label htmlFor="name">{t("auth.name")}</label>
            <input
              id="name"
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!fieldErrors.name || undefined}
              aria-describedby={fieldErrors.name ? "name-error" : undefined}
            />
            <FieldError errors={fieldErrors} name="name" />
          </div>
        )}
        <div className="field">
          <label htmlFor="email">{t("auth.email")}</label>
          <input
            id="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={!!fieldErrors.email || undefined}
            aria-describedby={fieldErrors.email ? "email-error" : undefined}
          />
          <FieldError errors={fieldErrors} name="email" />
        </div>
        <div className="field">
          <label htmlFor="password">{t("auth.password")}</label>
          <input
            id="password"
            type="password"
            autoComplete={signup ? "new-password" : "current-password"}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={!!fieldErrors.password || undefined}
            aria-describedby={fieldErrors.password ? "password-error" : undefined}
          />
          <FieldError errors={fieldErrors} name="password" />
        </div>
        <ErrorBox message={error} />
        <button type="submit" className="btn primary block" disabled={busy}>
          {busy ? t("auth.pleaseWait") : signup ? t("auth.createAccount") : t("auth.signIn")}
        </button>
        {!signup && (
          <p className="center small">
            <Link to="/forgot-password">{t("auth.forgot")}</Link>
          </p>
        )}
        <p className="muted center">
          {signup ? (
            <>
              {t("auth.haveAccount")} <Link to="/signin">{t("auth.signIn")}</Link>
            </>
          ) : (
            <>
              {t("auth.newHere")} <Link to="/signup">{t("auth.createAnAccount")}</Link>
            </>
          )}
        </p>
      </form>
    </main>
  );
}

/** The server's first message for one field, referenced by the input's aria-describedby. */
function FieldError({ errors, name }: { errors: Record<string, string[]>; name: string }) {
  const message = errors[name]?.[0];
  return message ? (
    <p className="field-error" id={`${name}-error`}>
      {message}
    </p>
  ) : null;
}
