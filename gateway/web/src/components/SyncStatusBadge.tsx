import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SyncState } from "../sync/documentSync";

/** saved / saving / offline / N pending / failed with retry — announced politely to screen readers. */
export function SyncStatusBadge({ state, onRetry }: { state: SyncState; onRetry(): void }) {
  const { t } = useTranslation();
  const [, tick] = useState(0);
  useEffect(() => {
    if (!state.retry) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [state.retry]);
  const seconds = state.retry ? Math.max(0, Math.ceil((state.retry.at - Date.now()) / 1000)) : 0;
  let text: string;
  switch (state.status) {
    case "saved":
      text = state.held.length > 0 ? t("sync.savedHeld") : t("sync.saved");
      break;
    case "saving":
      text = t("common.saving");
      break;
    case "pending":
      text = state.retry
        ? t("sync.pendingRetry", { count: state.pending, seconds })
        : t("sync.pending", { count: state.pending });
      break;
    case "offline":
      text = t("sync.offline", { count: state.pending });
      break;
    case "failed":
      text = t("sync.failed", { error: state.error?.detail ?? state.error?.title ?? t("sync.error") });
      break;
    case "conflict":
      text = t("sync.conflict");
      break;
  }
  return (
    <div
      className={`sync-status status-${state.status}`}
      data-testid="sync-status"
      data-status={state.status}
      data-pending={state.pending}
    >
      <span role="status" aria-live="polite">
        {text}
      </span>
      {(state.status === "failed" || state.status === "offline" || state.retry) && (
        <button type="button" className="btn small" onClick={onRetry}>
          {t("sync.retryNow")}
        </button>
      )}
    </div>
  );
}
