import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { accountSettingsApi } from "../api/accountSettings";
import { api, ApiError } from "../api/client";
import { Link } from "../router";
import { useAuth } from "../stores/authStore";

/**
 * The link in the deletion mail (/delete-account?token=…): one more explicit click, by the signed-in owner, deletes
 * the account. Reachable signed out too, to say that signing in comes first.
 */
export function DeleteAccountScreen() {
  const { t } = useTranslation();
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
      setError(e instanceof ApiError && e.status === 400 ? t("deleteAccount.invalid") : String(e));
    }
  };

  return (
    <main className="auth" id="main">
      <div className="card auth-card">
        <p className="brand">ResumePair</p>
        <h1>{t("deleteAccount.title")}</h1>
        {state === "deleted" ? (
          <>
            <p className="ok-box" role="status">
              {t("deleteAccount.deleted")}
            </p>
            <Link to="/signup">{t("deleteAccount.createNew")}</Link>
          </>
        ) : status !== "signed-in" ? (
          <p>{t("deleteAccount.signInFirst")}</p>
        ) : !token ? (
          <p className="error-box" role="alert">{t("deleteAccount.noToken")}</p>
        ) : (
          <>
            <p>
              <Trans i18nKey="deleteAccount.warning" values={{ email }} components={{ strong: <strong /> }} />
            </p>
            {error && <p className="error-box" role="alert">{error}</p>}
            <button type="button" className="btn danger" disabled={state === "working"} onClick={() => void confirm()}>
              {t("deleteAccount.confirm")}
            </button>{" "}
            <Link to="/account">{t("deleteAccount.keep")}</Link>
          </>
        )}
      </div>
    </main>
  );
}
