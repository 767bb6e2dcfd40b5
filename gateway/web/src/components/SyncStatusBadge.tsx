import { useEffect, useState } from "react";
import type { SyncState } from "../sync/documentSync";

/** saved / saving / offline / N pending / failed with retry — announced politely to screen readers. */
export function SyncStatusBadge({ state, onRetry }: { state: SyncState; onRetry(): void }) {
  const [, tick] = useState(0);
  useEffect(() => {
    if (!state.retry) return;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [state.retry]);
  const seconds = state.retry ? Math.max(0, Math.ceil((state.retry.at - Date.now()) / 1000)) : 0;
  let text: string;
  switch (state.status) {
    case "saved":
      text = state.held.length > 0 ? "Saved — incomplete fields kept on this device" : "All changes saved";
      break;
    case "saving":
      text = "Saving…";
      break;
    case "pending":
      text = state.retry ? `${state.pending} pending — retrying in ${seconds} s` : `${state.pending} pending`;
      break;
    case "offline":
      text = `Offline — ${state.pending} pending`;
      break;
    case "failed":
      text = `Not saved: ${state.error?.detail ?? state.error?.title ?? "error"}`;
      break;
    case "conflict":
      text = "Edit conflict";
      break;
  }
  return (
    <div className={`sync-status status-${state.status}`} data-testid="sync-status" data-status={state.status} data-pending={state.pending}>
      <span role="status" aria-live="polite">
        {text}
      </span>
      {(state.status === "failed" || state.status === "offline" || state.retry) && (
        <button type="button" className="btn small" onClick={onRetry}>
          Retry now
        </button>
      )}
    </div>
  );
}
