import { Component, useEffect, type ReactNode } from "react";

import { Link, navigate, usePath } from "./router";
import { AuthScreen } from "./screens/AuthScreen";
import { DocumentsScreen } from "./screens/DocumentsScreen";
import { EditorScreen } from "./screens/EditorScreen";
import { OpsScreen } from "./screens/OpsScreen";
import { JobScreen } from "./screens/JobScreen";
import { ExportsScreen } from "./screens/ExportsScreen";
import { DeleteAccountScreen } from "./screens/DeleteAccountScreen";
import { AccountScreen, ForgotPasswordScreen, ResetPasswordScreen, VerifyBanner, VerifyEmailScreen } from "./screens/AccountScreens";
import { planLabel } from "./api/account";
import { preferencesApi } from "./api/preferences";
import { useAuth } from "./stores/authStore";
import { useRules } from "./stores/rulesStore";
import { drainBackground } from "./sync/syncRegistry";
import { ImportScreen } from "./screens/ImportScreen";

export function App() {
  const path = usePath();
  const { status, user, restore, logout } = useAuth();
  useEffect(() => {
    void restore();
  }, [restore]);
  useEffect(() => {
    if (status !== "signed-in") return;
    void drainBackground();
    void useRules.getState().load(); // before any editor opens, so fields are checked from the first blur
    void preferencesApi.sync(); // theme and default template/page size follow the account to every device
    const online = () => void drainBackground();
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [status]);

  const publicRoute = path === "/signin" || path === "/signup" || path === "/forgot-password";
  const anyoneRoute = path === "/reset-password" || path === "/verify-email" || path === "/delete-account";
  useEffect(() => {
    if (status === "signed-out" && !publicRoute && !anyoneRoute) navigate("/signin", true);
    if (status === "signed-in" && publicRoute) navigate("/", true);
  }, [status, publicRoute, anyoneRoute]);

  if (path === "/reset-password") return <ResetPasswordScreen />;
  if (status === "unknown") return <div className="page skeleton" style={{ height: 200 }} aria-busy="true" aria-label="Loading" />;
  if (path === "/verify-email") return <VerifyEmailScreen />;
  if (path === "/delete-account") return <DeleteAccountScreen />;
  if (status === "signed-out")
    return path === "/forgot-password" ? <ForgotPasswordScreen /> : <AuthScreen mode={path === "/signup" ? "signup" : "signin"} />;

  const doc = /^\/documents\/([0-9a-f-]{36})$/i.exec(path);
  const job = /^\/ops\/jobs\/([0-9a-f-]{36})$/i.exec(path);
  const imported = /^\/imports\/([0-9a-f-]{36})$/i.exec(path);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          ResumePair
        </Link>
        <nav aria-label="Main">
          <Link to="/">Documents</Link>
          <Link to="/trash">Trash</Link>
          <Link to="/exports">Exports</Link>
          <Link to="/account">Account</Link>
          {user?.role === "admin" && <Link to="/ops">Operations</Link>}
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
            Sign out
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
          <h1>Something went wrong</h1>
          <p>{this.state.error.message}</p>
          <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
            Try again
          </button>{" "}
          <p>Your edits are kept on this device and will be saved.</p>
          <button type="button" className="btn" onClick={() => { this.setState({ error: null }); navigate("/"); }}>
            Back to documents
          </button>
        </div>
      </main>
    );
  }
}

