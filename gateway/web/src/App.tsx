import { Component, useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { Link, navigate, usePath } from "./router";
import { AuthScreen } from "./screens/AuthScreen";
import { DocumentsScreen } from "./screens/DocumentsScreen";
import { EditorScreen } from "./screens/EditorScreen";
import { OpsScreen } from "./screens/OpsScreen";
import { JobScreen } from "./screens/JobScreen";
import { ExportsScreen } from "./screens/ExportsScreen";
import { DeleteAccountScreen } from "./screens/DeleteAccountScreen";
import {
  AccountScreen,
  ForgotPasswordScreen,
  ResetPasswordScreen,
  VerifyBanner,
  VerifyEmailScreen,
} from "./screens/AccountScreens";
import { planLabel } from "./api/account";
import { preferencesApi } from "./api/preferences";
import { useAuth } from "./stores/authStore";
import { useRules } from "./stores/rulesStore";
import { drainBackground } from "./sync/syncRegistry";
import { ImportScreen } from "./screens/ImportScreen";
import { forgetAccountLanguage, t as translate } from "./i18n";

export function App() {
  const path = usePath();
  const { t } = useTranslation();
  const { status, user, restore, logout } = useAuth();
  useEffect(() => {
    void restore();
  }, [restore]);
  useEffect(() => {
    if (status !== "signed-in") return;
    void drainBackground();
    void useRules.getState().load(); // before any editor opens, so fields are checked from the first blur
    void preferencesApi.sync(); // theme, language and default template/page size follow the account to every device
    const online = () => void drainBackground();
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [status]);
  // Signed out (also when the session ends elsewhere): the browser's language again, not the last account's.
  useEffect(() => {
    if (status === "signed-out") forgetAccountLanguage();
  }, [status]);

  const publicRoute = path === "/signin" || path === "/signup" || path === "/forgot-password";
  const anyoneRoute = path === "/reset-password" || path === "/verify-email" || path === "/delete-account";
  useEffect(() => {
    if (status === "signed-out" && !publicRoute && !anyoneRoute) navigate("/signin", true);
    if (status === "signed-in" && publicRoute) navigate("/", true);
  }, [status, publicRoute, anyoneRoute]);

  if (path === "/reset-password") return <ResetPasswordScreen />;
  if (status === "unknown")
    return <div className="page skeleton" style={{ height: 200 }} aria-busy="true" aria-label={t("common.loading")} />;
  if (path === "/verify-email") return <VerifyEmailScreen />;
  if (path === "/delete-account") return <DeleteAccountScreen />;
  if (status === "signed-out")
    return path === "/forgot-password" ? (
      <ForgotPasswordScreen />
    ) : (
      <AuthScreen mode={path === "/signup" ? "signup" : "signin"} />
    );

  const doc = /^\/documents\/([0-9a-f-]{36})$/i.exec(path);
  const job = /^\/ops\/jobs\/([0-9a-f-]{36})$/i.exec(path);
  const imported = /^\/imports\/([0-9a-f-]{36})$/i.exec(path);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          ResumePair
        </Link>
        <nav aria-label={t("app.nav.label")}>
          <Link to="/">{t("app.nav.documents")}</Link>
          <Link to="/trash">{t("app.nav.trash")}</Link>
          <Link to="/exports">{t("app.nav.exports")}</Link>
          <Link to="/account">{t("app.nav.account")}</Link>
          {user?.role === "admin" && <Link to="/ops">{t("app.nav.operations")}</Link>}
        </nav>
        <div className="user">
          <span className="muted small">{user?.email}</span>
          {user && (
            <span className="badge" data-testid="plan-badge">
              {planLabel(user.plan)}
            </span>
          )}
          <button
            type="button"
            className="btn small"
            onClick={async () => {
              await logout();
              navigate("/signin", true);
            }}
          >
            {t("app.signOut")}
          </button>
        </div>
      </header>
      <VerifyBanner />
      <ErrorBoundary key={path}>
        {doc ? (
          <EditorScreen key={doc[1]} docId={doc[1]} />
        ) : job ? (
          <JobScreen key={job[1]} jobId={job[1]} />
        ) : imported ? (
          <ImportScreen key={imported[1]} jobId={imported[1]} />
        ) : path === "/ops" ? (
          <OpsScreen />
        ) : path === "/exports" ? (
          <ExportsScreen />
        ) : path === "/account" ? (
          <AccountScreen />
        ) : (
          <DocumentsScreen view={path === "/trash" ? "trash" : "active"} />
        )}
      </ErrorBoundary>
    </>
  );
}

class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="page" id="main">
        <div className="error-box" role="alert">
          <h1>{translate("app.crash.title")}</h1>
          <p>{this.state.error.message}</p>
          <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
            {translate("common.tryAgain")}
          </button>{" "}
          <p>{translate("app.crash.kept")}</p>
          <button type="button" className="btn" onClick={() => { this.setState({ error: null }); navigate("/"); }}>
            {translate("app.crash.back")}
          </button>
        </div>
      </main>
    );
  }
}

