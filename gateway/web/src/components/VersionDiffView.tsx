import { useTranslation } from "react-i18next";
import type { VersionComparison } from "../api/history";
import { t } from "../i18n";
import { formatDateTime } from "../i18n/format";
import { focusField } from "../lib/focusField";
import { wordDiff } from "../lib/wordDiff";

const when = (iso: string) => formatDateTime(iso, { dateStyle: "medium", timeStyle: "short" });
const name = (v: VersionComparison["from"]) =>
  v.label
    ? t("history.versionNamed", { version: v.version, label: v.label })
    : t("history.version", { version: v.version });

/** One side of a changed field: the words only this side has are marked (removed on the left, added on the right). */
function Side({ before, after, side }: { before: string; after: string; side: "before" | "after" }) {
  const parts = wordDiff(before, after).filter(
    (p) => p.kind === "same" || p.kind === (side === "before" ? "removed" : "added"),
  );
  return (
    <>
      {parts.map((p, i) =>
        p.kind === "same" ? (
          <span key={i}>{p.text}</span>
        ) : side === "before" ? (
          <del key={i}>{p.text}</del>
        ) : (
          <ins key={i}>{p.text}</ins>
        ),
      )}
    </>
  );
}

/** Two versions side by side, field by field, grouped by where the field is (Profile, Work experience › Acme…). */
export function VersionDiffView({ comparison, onClose }: { comparison: VersionComparison; onClose(): void }) {
  useTranslation(); // re-render when the language changes
  const groups = new Map<string, VersionComparison["changes"]>();
  for (const c of comparison.changes) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  return (
    <div className="version-diff" data-testid="version-diff">
      <div className="section-head">
        <h3>
          {name(comparison.from)} → {name(comparison.to)}
        </h3>
        <button type="button" className="btn small" onClick={onClose}>
          {t("history.closeComparison")}
        </button>
      </div>
      <p className="small">{comparison.summary}</p>
      {comparison.changes.length > 0 && (
        <table className="diff-table">
          <thead>
            <tr>
              <th scope="col">{t("conflict.field")}</th>
              <th scope="col">
                {name(comparison.from)} <span className="muted small">{when(comparison.from.createdAt)}</span>
              </th>
              <th scope="col">
                {name(comparison.to)} <span className="muted small">{when(comparison.to.createdAt)}</span>
              </th>
            </tr>
          </thead>
          {[...groups].map(([group, changes]) => (
            <tbody key={group}>
              <tr className="diff-group">
                <th colSpan={3} scope="colgroup">{group}</th>
              </tr>
              {changes.map((c) => (
                <tr key={c.path + c.kind} className={`diff-${c.kind}`} data-testid="diff-row">
                  <th scope="row">
                    <button type="button" className="link" onClick={() => focusField(c.path)}>
                      {c.field}
                    </button>
                    <span className="visually-hidden"> ({t(`history.change.${c.kind}`)})</span>
                  </th>
                  <td>
                    {c.before == null ? (
                      <span className="muted">—</span>
                    ) : (
                      <Side before={c.before} after={c.after ?? ""} side="before" />
                    )}
                  </td>
                  <td>
                    {c.after == null ? (
                      <span className="muted">—</span>
                    ) : (
                      <Side before={c.before ?? ""} after={c.after} side="after" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
    </div>
  );
}
