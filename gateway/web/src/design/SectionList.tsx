import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TemplateDesign } from "../api/exports";
import { useEditor } from "../stores/editorStore";
import type { DocumentDesign } from "./designOptions";
import { effectiveOrder, move, sectionName, type SectionKey } from "./sectionOrder";

/**
 * Section order (drag and drop, or Alt+Arrow keys / the Move buttons on a focused row), hide, rename. Every change is a
 * normal edit of `data.design`: undoable, autosaved, previewed.
 */
export function SectionList({ design, defaults }: { design: DocumentDesign; defaults: TemplateDesign | undefined }) {
  const { t } = useTranslation();
  const order = effectiveOrder(design.sectionOrder, defaults?.sectionOrder ?? []);
  const hidden = new Set(design.hiddenSections ?? []);
  const update = useEditor((s) => s.update);
  const rows = useRef<Record<string, HTMLLIElement | null>>({});
  const [dragging, setDragging] = useState<SectionKey | null>(null);
  const [announce, setAnnounce] = useState("");

  const reorder = (from: number, to: number, focus: boolean) => {
    if (to < 0 || to >= order.length) return;
    const next = move(order, from, to);
    update("data.design.sectionOrder", next);
    setAnnounce(t("design.sections.moved", { name: sectionName(order[from]), position: to + 1, total: order.length }));
    if (focus) requestAnimationFrame(() => rows.current[order[from]]?.focus());
  };
  const toggle = (key: SectionKey, hide: boolean) => {
    const next = hide ? [...hidden, key] : [...hidden].filter((k) => k !== key);
    update("data.design.hiddenSections", next.length ? next : undefined);
  };
  const rename = (key: SectionKey, title: string) => {
    const titles = { ...(design.sectionTitles ?? {}) };
    if (title.trim()) titles[key] = title;
    else delete titles[key];
    update("data.design.sectionTitles", Object.keys(titles).length ? titles : undefined);
  };

  return (
    <fieldset className="design-sections">
      <legend>{t("design.sections.title")}</legend>
      <p className="hint" id="section-order-help">
        {t("design.sections.help")}
      </p>
      <ol aria-describedby="section-order-help" data-testid="section-order">
        {order.map((key, i) => (
          <li
            key={key}
            ref={(el) => void (rows.current[key] = el)}
            tabIndex={0}
            draggable
            data-section={key}
            aria-label={t(hidden.has(key) ? "design.sections.rowHidden" : "design.sections.row", {
              name: sectionName(key),
              position: i + 1,
              total: order.length,
            })}
            className={dragging === key ? "dragging" : undefined}
            onKeyDown={(e) => {
              if (e.target !== e.currentTarget || !e.altKey) return;
              if (e.key === "ArrowUp") (e.preventDefault(), reorder(i, i - 1, true));
              if (e.key === "ArrowDown") (e.preventDefault(), reorder(i, i + 1, true));
            }}
            onDragStart={(e) => {
              setDragging(key);
              e.dataTransfer.setData("text/plain", key);
              e.dataTransfer.effectAllowed = "move";
            }}
            onDragEnd={() => setDragging(null)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const from = order.indexOf(e.dataTransfer.getData("text/plain") as SectionKey);
              if (from >= 0) reorder(from, i, false);
              setDragging(null);
            }}
          >
            <span className="drag-handle" aria-hidden="true">
              ⋮⋮
            </span>
            <span className="section-name">{sectionName(key)}</span>
            {key !== "custom" && (
              <input
                aria-label={t("design.sections.heading", { name: sectionName(key) })}
                placeholder={defaults?.sectionTitles?.[key] ?? sectionName(key)}
                maxLength={60}
                value={design.sectionTitles?.[key] ?? ""}
                onChange={(e) => rename(key, e.target.value)}
              />
            )}
            <label className="hide-toggle">
              <input type="checkbox" checked={hidden.has(key)} onChange={(e) => toggle(key, e.target.checked)} />{" "}
              {t("design.sections.hide")}
            </label>
            <button
              type="button"
              className="icon"
              aria-label={t("design.sections.up", { name: sectionName(key) })}
              disabled={i === 0}
              onClick={() => reorder(i, i - 1, false)}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon"
              aria-label={t("design.sections.down", { name: sectionName(key) })}
              disabled={i === order.length - 1}
              onClick={() => reorder(i, i + 1, false)}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
    </fieldset>
  );
}
