import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { exportsApi, type Template } from "../api/exports";
import { useEditor } from "../stores/editorStore";
import { usePreferences } from "../stores/preferences";
import { describeContrast } from "./contrast";
import { DATE_FORMATS, FONT_FAMILIES, MARGINS, PAGE_SIZES, type DocumentDesign } from "./designOptions";
import { densitySteps, nextPreviewLayout, previewPages } from "./fitToPages";
import { formatNumber } from "../i18n/format";
import { SectionList } from "./SectionList";
import { TemplateGallery } from "./TemplateGallery";
import "./design.css";

/**
 * The document's design (`data.design`): template gallery, page size, colour, font, spacing, dates, columns and
 * sections. Stored with the document, so the preview and every export print the same; an unset value is the
 * template's default, shown as the field's value.
 */
export function DesignPanel({ type, title }: { type: string; title: string }) {
  const { t } = useTranslation();
  const data = useEditor((s) => s.data);
  const update = useEditor((s) => s.update);
  const { templateId, pageSize, set } = usePreferences();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [galleryOpen, setGalleryOpen] = useState(false);
  const [fitPages, setFitPages] = useState(1);
  const [fitting, setFitting] = useState<string | null>(null);
  const [fitBusy, setFitBusy] = useState(false);
  useEffect(() => {
    exportsApi.templates().then(setTemplates, () => setTemplates([]));
  }, []);
  const usable = useMemo(
    () => templates.filter((tpl) => !tpl.documentTypes || tpl.documentTypes.includes(type)),
    [templates, type],
  );
  const template = usable.find((tpl) => tpl.id === templateId) ?? usable[0];
  const defaults = template?.design;
  const design = ((data as { design?: DocumentDesign }).design ?? {}) as DocumentDesign;
  const doc = useMemo(() => ({ type, title, data }), [type, title, data]);

  const setField = (key: keyof DocumentDesign, value: unknown) => update(`data.design.${key}`, value as never);
  const accent = design.accentColor ?? defaults?.accentColor ?? "#333333";
  const contrast = describeContrast(accent);
  const number = (v: string) => (v === "" ? undefined : Number(v));

  const fit = async () => {
    const base = {
      fontSize: design.fontSize ?? defaults?.fontSize ?? 10,
      lineHeight: design.lineHeight ?? defaults?.lineHeight ?? 1.35,
    };
    setFitBusy(true);
    setFitting(t("design.fit.fitting"));
    try {
      // The count comes from the paged preview, which Chromium lays out only while it is in view.
      document.getElementById("preview")?.scrollIntoView({ block: "start" });
      if ((previewPages() ?? Infinity) <= fitPages) return setFitting(t("design.fit.already", { count: fitPages }));
      for (const step of densitySteps(base)) {
        const layout = nextPreviewLayout();
        for (const [key, value] of Object.entries(step)) update(`data.design.${key}`, value as never);
        const pages = await layout;
        if (pages !== null && pages <= fitPages)
          return setFitting(
            t("design.fit.fits", {
              count: pages,
              size: formatNumber(step.fontSize ?? base.fontSize),
              spacing: formatNumber(step.lineHeight ?? base.lineHeight),
            }),
          );
      }
      setFitting(t("design.fit.doesNotFit", { count: fitPages }));
    } finally {
      setFitBusy(false);
    }
  };

  return (
    <section className="card design-panel" aria-labelledby="design-heading">
      <h2 id="design-heading">{t("design.title")}</h2>
      <div className="design-current">
        <span>
          {t("design.templateLabel")} <strong data-testid="current-template">{template?.name ?? "…"}</strong>
        </span>
        <button
          type="button"
          className="btn small"
          aria-expanded={galleryOpen}
          aria-controls="template-gallery"
          onClick={() => setGalleryOpen((o) => !o)}
        >
          {galleryOpen ? t("design.closeTemplates") : t("design.changeTemplate")}
        </button>
      </div>
      {galleryOpen && (
        <div id="template-gallery">
          <TemplateGallery
            templates={usable}
            selected={template?.id}
            pageSize={pageSize}
            doc={doc}
            onSelect={(id) => set({ templateId: id })}
          />
        </div>
      )}
      <div className="design-grid">
        <div className="design-field">
          <label htmlFor="design-page-size">{t("export.pageSize")}</label>
          <select id="design-page-size" value={pageSize} onChange={(e) => set({ pageSize: e.target.value })}>
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {t(`pageSize.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="design-field">
          <label htmlFor="design-accent">{t("design.accent")}</label>
          <input
            id="design-accent"
            type="color"
            value={accent}
            aria-describedby="accent-contrast"
            onChange={(e) => setField("accentColor", e.target.value)}
          />
        </div>
        <div className="design-field">
          <label htmlFor="design-font">{t("design.font")}</label>
          <select
            id="design-font"
            value={design.fontFamily ?? defaults?.fontFamily ?? ""}
            onChange={(e) => setField("fontFamily", e.target.value)}
          >
            {FONT_FAMILIES.map((f) => (
              <option key={f} style={{ fontFamily: f }}>
                {f}
              </option>
            ))}
          </select>
        </div>
        <div className="design-field">
          <label htmlFor="design-font-size">{t("design.fontSize")}</label>
          <input
            id="design-font-size"
            type="number"
            min={8}
            max={14}
            step={0.2}
            value={design.fontSize ?? defaults?.fontSize ?? ""}
            onChange={(e) => setField("fontSize", number(e.target.value))}
          />
        </div>
        <div className="design-field">
          <label htmlFor="design-line-height">{t("design.lineSpacing")}</label>
          <input
            id="design-line-height"
            type="number"
            min={1}
            max={2}
            step={0.05}
            value={design.lineHeight ?? defaults?.lineHeight ?? ""}
            onChange={(e) => setField("lineHeight", number(e.target.value))}
          />
        </div>
        <div className="design-field">
          <label htmlFor="design-margins">{t("design.margins.label")}</label>
          <select
            id="design-margins"
            value={design.margins ?? "normal"}
            onChange={(e) => setField("margins", e.target.value)}
          >
            {MARGINS.map((v) => (
              <option key={v} value={v}>
                {t(`design.margins.${v}`)}
              </option>
            ))}
          </select>
        </div>
        {type === "resume" && (
          <div className="design-field">
            <label htmlFor="design-dates">{t("design.dates")}</label>
            <select
              id="design-dates"
              value={design.dateFormat ?? "short"}
              onChange={(e) => setField("dateFormat", e.target.value)}
            >
              {DATE_FORMATS.map(([v, example]) => (
                <option key={v} value={v}>
                  {example}
                </option>
              ))}
            </select>
          </div>
        )}
        {type === "resume" && defaults?.twoColumns && (
          <div className="design-field">
            <label htmlFor="design-columns">{t("design.columns.label")}</label>
            <select
              id="design-columns"
              value={design.columns ?? 2}
              onChange={(e) => setField("columns", Number(e.target.value))}
            >
              <option value={2}>{t("design.columns.two")}</option>
              <option value={1}>{t("design.columns.one")}</option>
            </select>
          </div>
        )}
      </div>
      {type === "resume" && (
        <div className="design-fit">
          <label>
            {t("design.fit.to")}
            <select value={fitPages} onChange={(e) => setFitPages(Number(e.target.value))}>
              {[1, 2, 3].map((n) => (
                <option key={n} value={n}>
                  {t("design.fit.pages", { count: n })}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn small" disabled={fitBusy} onClick={() => void fit()}>
            {t("design.fit.button")}
          </button>
          <span className="hint" role="status" aria-live="polite">
            {fitting}
          </span>
        </div>
      )}
      <p id="accent-contrast" className={contrast.ok ? "hint" : "hint warn"} data-testid="accent-contrast">
        {contrast.text}
      </p>
      {type === "resume" && <SectionList design={design} defaults={defaults} />}
      <button
        type="button"
        className="btn small"
        onClick={() =>
          update(
            "data.design",
            (design.template || design.pageSize
              ? { template: design.template, pageSize: design.pageSize }
              : undefined) as never,
          )
        }
      >
        {t("design.reset")}
      </button>
    </section>
  );
}
