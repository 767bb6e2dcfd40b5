import { useState } from "react";
import { useTranslation } from "react-i18next";
import { aiApi } from "../api/ai";
import { describeLimit } from "../lib/limits";
import { wordDiff } from "../lib/wordDiff";
import { undo } from "../stores/editorStore";
import type { Json } from "../sync/mergePatch";

interface Bullet {
  original: string;
  text: string;
  notes?: string[];
}

/**
 * AI help where the text is: rewrites an entry's bullets, shows what would change word by word, and applies only on
 * Apply — as one editor step, so Undo (or Ctrl+Z) takes it back.
 */
export function EnhanceInline({
  path,
  value,
  label,
  onChange,
}: {
  path: string;
  value: unknown;
  label: string;
  onChange(path: string, value: Json): void;
}) {
  const { t } = useTranslation();
  const lines = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === "string" && v.trim().length > 0)
    : [];
  const [proposal, setProposal] = useState<Bullet[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [applied, setApplied] = useState(false);
  if (lines.length === 0 && !proposal && !applied) return null;

  const ask = async () => {
    setBusy(true);
    setMessage(null);
    setApplied(false);
    try {
      const { result } = await aiApi.enhance({ text: lines.join("\n"), style: "impact" });
      const bullets = (result.bullets as Bullet[]).filter((b) => b && typeof b.text === "string");
      setProposal(bullets);
      if (bullets.every((b) => b.text === b.original)) setMessage(t("ai.inline.noChanges"));
    } catch (e) {
      setMessage(describeLimit(e, t("limits.what.ai")).message);
    } finally {
      setBusy(false);
    }
  };
  const apply = () => {
    if (!proposal) return;
    onChange(path, proposal.map((b) => b.text));
    setProposal(null);
    setApplied(true);
    setMessage(null);
  };

  return (
    <div className="enhance-inline wide">
      {!proposal && (
        <button
          type="button"
          className="btn small"
          onClick={() => void ask()}
          disabled={busy}
          title={t("ai.inline.title", { label })}
        >
          <span aria-hidden="true">✦ </span>
          {busy ? t("ai.inline.improving") : t("ai.inline.improve")}
        </button>
      )}
      {proposal && (
        <div className="ai-diff" role="group" aria-label={t("ai.inline.suggested")}>
          <ol>
            {proposal.map((b, i) => (
              <li key={i}>
                {wordDiff(b.original, b.text).map((part, j) =>
                  part.kind === "same" ? (
                    <span key={j}>{part.text}</span>
                  ) : part.kind === "added" ? (
                    <ins key={j}>{part.text}</ins>
                  ) : (
                    <del key={j}>{part.text}</del>
                  ),
                )}
                {b.notes?.filter((n) => !n.startsWith("Replaced")).map((n) => (
                  <span key={n} className="hint">
                    {" "}
                    — {n}
                  </span>
                ))}
              </li>
            ))}
          </ol>
          <div className="export-row">
            <button type="button" className="btn small primary" onClick={apply}>
              {t("ai.apply")}
            </button>
            <button type="button" className="btn small" onClick={() => setProposal(null)}>
              {t("ai.discard")}
            </button>
          </div>
        </div>
      )}
      {applied && (
        <p className="muted small" role="status">
          {t("ai.applied")}{" "}
          <button
            type="button"
            className="btn small"
            onClick={() => {
              undo();
              setApplied(false);
            }}
          >
            {t("ai.undo")}
          </button>
        </p>
      )}
      {message && (
        <p className="muted small" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
