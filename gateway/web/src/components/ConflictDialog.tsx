import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { t as translate } from "../i18n";
import type { Envelope, SyncState } from "../sync/documentSync";
import { envelopeOf } from "../sync/documentSync";
import { differingPaths, getPath, setPath, type Json, type JsonObject } from "../sync/mergePatch";

type Conflict = NonNullable<SyncState["conflict"]>;
const SIDES = ["mine", "theirs"] as const;

function show(value: Json | undefined): string {
  if (value === undefined) return translate("conflict.empty");
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 1);
}

/** 409: both versions side by side; keep mine, take theirs, or choose field by field. */
export function ConflictDialog({
  conflict,
  onResolve,
}: {
  conflict: Conflict;
  onResolve(choice: "mine" | "theirs" | { merged: Envelope }): void;
}) {
  const { t } = useTranslation();
  const theirs = useMemo(() => envelopeOf(conflict.theirs), [conflict.theirs]);
  const mine = conflict.mine;
  const paths = useMemo(() => differingPaths(mine as unknown as Json, theirs as unknown as Json, 3), [mine, theirs]);
  const [choice, setChoice] = useState<Record<string, "mine" | "theirs">>(() =>
    Object.fromEntries(paths.map((p) => [p, "mine"])),
  );
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal?.();
  }, []);

  const merge = () => {
    let merged = structuredClone(mine) as unknown as JsonObject;
    for (const p of paths)
      if (choice[p] === "theirs") merged = setPath(merged, p, getPath(theirs as unknown as Json, p));
    onResolve({ merged: merged as unknown as Envelope });
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="conflict-title" onCancel={(e) => e.preventDefault()}>
      <h2 id="conflict-title">{t("conflict.title")}</h2>
      <p>{t("conflict.intro", { version: conflict.theirs.version })}</p>
      <table className="conflict-table">
        <thead>
          <tr>
            <th scope="col">{t("conflict.field")}</th>
            <th scope="col">{t("conflict.mine")}</th>
            <th scope="col">{t("conflict.theirs")}</th>
          </tr>
        </thead>
        <tbody>
          {paths.map((p) => (
            <tr key={p}>
              <th scope="row">{p.replace(/^data\./, "")}</th>
              {SIDES.map((side) => (
                <td key={side}>
                  <label className="conflict-choice">
                    <input
                      type="radio"
                      name={`conflict-${p}`}
                      checked={choice[p] === side}
                      onChange={() => setChoice({ ...choice, [p]: side })}
                    />
                    <span className="visually-hidden">
                      {side === "mine" ? t("conflict.useMine", { path: p }) : t("conflict.useTheirs", { path: p })}
                    </span>
                    <pre>{show(getPath((side === "mine" ? mine : theirs) as unknown as Json, p))}</pre>
                  </label>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => onResolve("theirs")}>
          {t("conflict.takeTheirs")}
        </button>
        <button type="button" className="btn" onClick={merge}>
          {t("conflict.merge")}
        </button>
        <button type="button" className="btn primary" onClick={() => onResolve("mine")}>
          {t("conflict.keepMine")}
        </button>
      </div>
    </dialog>
  );
}
