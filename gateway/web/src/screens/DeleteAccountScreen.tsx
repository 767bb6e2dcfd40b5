import { useState } from "react";
import { accountSettingsApi } from "../api/accountSettings";
import { api, ApiError } from "../api/client";
import { Link } from "../router";
import { useAuth } from "../stores/authStore";

/**
 * The link in the deletion mail (/delete-account?token=…): one more explicit click, by the signed-in owner, deletes
 * the account. Reachable signed out too, to say that signing in comes first.
 */
export function DeleteAccountScreen() {
  const status = useAuth((s) => s.status);
  const email = useAuth((s) => s.user?.email);
  const [token] = useState(() => new URLSearchParams(location.search).get("token") ?? "");
  const [state, setState] = useState<"ready" | "working" | "deleted">("ready");
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setState("working");
    setError(null);
    try {
      await accountSettingsApi.confirmDeletion(token);
      history.replaceState(null, "", "/delete-account");
      setState("deleted");
      api.setTokens(null); // the session died with the account
    } catch (e) {
      setState("ready");
      setError(e instanceof ApiError && e.status === 400 ? "This link is invalid, used, expired or for another account." : String(e));
    }
  };

  return (
    <main className="auth" id="main">
      <div className="card auth-card">
        <p className="brand">ResumePair</p>
        <h1>Delete your account</h1>
        {state === "deleted" ? (
          <>
            <p className="ok-box" role="status">
              Your account and all its data were deleted. We sent a last mail to confirm it.
            </p>
            <Link to="/signup">Create a new account</Link>
          </>
        ) : status !== "signed-in" ? (
          <p>Sign in first, then open the link from the mail again.</p>
        ) : !token ? (
          <p className="error-box" role="alert">This link has no token. Ask for a new one on your account page.</p>
        ) : (
          <>
            <p>
              This deletes the account <strong>{email}</strong> with every document, version, photo, share link and export. It
              cannot be undone.
            </p>
            {error && <p className="error-box" role="alert">{error}</p>}
            <button type="button" className="btn danger" disabled={state === "working"} onClick={() => void confirm()}>
              Delete my account now
            </button>{" "}
            <Link to="/account">Keep my account</Link>
          </>
        )}
      </div>
    </main>
  );
}
