import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../i18n/format";
import { throttle } from "../lib/throttle";
import { exportsApi, type Template } from "../api/exports";
import { usePreferences } from "../stores/preferences";
import { currentPage, isPagedLayout, pagedHtml, type PagedLayout } from "./pagedHtml";
import { chooseTemplate, TemplatePicker } from "./TemplatePicker";

export const PREVIEW_THROTTLE_MS = 100;
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5];

// Paged.js (~500 kB) is loaded with the first preview, not with the app.
let polyfill: Promise<string> | undefined;
const loadPolyfill = () => (polyfill ??= import("pagedjs-polyfill?raw").then((m) => m.default));

/** The document's own design settings (the design stream stores them under data.design), else the stored preference. */
export function documentDesign(data: unknown): { template?: string; pageSize?: string } {
  const design = (data as { design?: { template?: unknown; pageSize?: unknown } } | null)?.design;
  return {
    template: typeof design?.template === "string" ? design.template : undefined,
    pageSize: typeof design?.pageSize === "string" ? design.pageSize : undefined,
  };
}

/**
 * The renderer's own HTML (what the PDF is printed from) laid out as the PDF's pages: page size, margins, breaks and
 * "Page N of M" come from the document's @page rules (Paged.js in a sandboxed frame), with zoom, fit-to-width and the
 * page count. Requests are throttled to one per 100 ms; a newer request aborts the one in flight.
 */
/** `photo`: the profile photo as a data: URI, printed in templates with a photo slot as the export prints it. */
export function PreviewPane({
  type,
  title,
  data,
  photo,
}: {
  type: string;
  title: string;
  data: unknown;
  photo?: string;
}) {
  const { t } = useTranslation();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [html, setHtml] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [layout, setLayout] = useState<(PagedLayout & { size: string }) | null>(null);
  const frameSize = useRef(""); // the page size of the HTML in the frame (the layout reports for that one)
  const [zoom, setZoom] = useState<number | "fit">("fit");
  const [viewWidth, setViewWidth] = useState(0);
  const [page, setPage] = useState(1);
  const prefs = usePreferences();
  const design = documentDesign(data);
  const pageSize = design.pageSize ?? prefs.pageSize;
  const frame = useRef<HTMLIFrameElement>(null);
  const view = useRef<HTMLDivElement>(null);
  // A hidden frame (the phone's Edit view) lays out nothing: it is reloaded when it is shown again.
  const [frameKey, setFrameKey] = useState(0);
  const wasHidden = useRef(false);

  useEffect(() => {
    exportsApi.templates().then(setTemplates, (e) => setError(String(e.message ?? e)));
  }, []);
  const { usable, template } = chooseTemplate(templates, type, design.template ?? prefs.templateId);

  const inFlight = useRef<AbortController | null>(null);
  const request = useMemo(
    () =>
      throttle(
        (templateId: string, size: string, doc: { type: string; title: string; data: unknown; photo?: string }) => {
          inFlight.current?.abort();
          const controller = new AbortController();
          inFlight.current = controller;
          setLoading(true);
          Promise.all([exportsApi.preview(templateId, size, doc, controller.signal), loadPolyfill()])
            .then(([h, script]) => {
              if (controller.signal.aborted) return;
              frameSize.current = size;
              setHtml(pagedHtml(h, script, pageNonce() ?? crypto.randomUUID().replace(/-/g, "")));
              setError(null);
            })
            .catch((e) => {
              if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
            })
            .finally(() => !controller.signal.aborted && setLoading(false));
        },
        PREVIEW_THROTTLE_MS,
      ),
    [],
  );
  useEffect(
    () => () => {
      request.cancel();
      inFlight.current?.abort();
    },
    [request],
  );
  useEffect(() => {
    if (template) request(template.id, pageSize, { type, title, data, photo });
  }, [request, template, pageSize, type, title, data, photo]);

  // The frame says how many pages it laid out and how big they are.
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.source === frame.current?.contentWindow && isPagedLayout(e.data))
        setLayout({ ...e.data, size: frameSize.current });
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);
  useEffect(() => {
    const el = view.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      setViewWidth(el.clientWidth);
      if (el.clientWidth === 0) wasHidden.current = true;
      else if (wasHidden.current) {
        wasHidden.current = false;
        setFrameKey((k) => k + 1);
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [html]);

  const frameWidth = layout ? layout.pageWidth + 2 * layout.gap : 0;
  const scale = zoom === "fit" ? (frameWidth > 0 && viewWidth > 0 ? Math.min(1.5, viewWidth / frameWidth) : 1) : zoom;
  const onScroll = () => {
    const el = view.current;
    if (el && layout) setPage(currentPage(layout, scale, el.scrollTop, el.clientHeight));
  };
  useEffect(onScroll, [layout, scale]); // eslint-disable-line react-hooks/exhaustive-deps
  const step = (direction: 1 | -1) => {
    const now = zoom === "fit" ? scale : zoom;
    const next = direction > 0 ? ZOOMS.find((z) => z > now + 0.01) : [...ZOOMS].reverse().find((z) => z < now - 0.01);
    if (next) setZoom(next);
  };

  return (
    <section
      className="card preview"
      aria-labelledby="preview-heading"
      id="preview"
      tabIndex={-1}
      data-page-count={layout?.pages ?? ""}
      data-page-size={layout?.size ?? ""}
    >
      <div className="section-head">
        <h2 id="preview-heading">{t("preview.title")}</h2>
        <TemplatePicker usable={usable} template={template} pageSize={pageSize} />
      </div>
      <div className="preview-toolbar" role="toolbar" aria-label={t("preview.zoom")}>
        <button type="button" className="btn small" onClick={() => step(-1)} aria-label={t("preview.zoomOut")}>
          −
        </button>
        <span className="zoom-value" aria-live="polite">
          {formatNumber(scale, { style: "percent", maximumFractionDigits: 0 })}
        </span>
        <button type="button" className="btn small" onClick={() => step(1)} aria-label={t("preview.zoomIn")}>
          +
        </button>
        <button type="button" className="btn small" aria-pressed={zoom === "fit"} onClick={() => setZoom("fit")}>
          {t("preview.fitWidth")}
        </button>
        <span className="muted small page-indicator" data-testid="page-indicator">
          {layout ? t("preview.page", { page, pages: layout.pages, size: layout.size }) : t("preview.layingOut")}
        </span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {t("preview.unavailable", { error })}
        </p>
      )}
      <div
        ref={view}
        className="preview-frame"
        aria-busy={loading}
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label={layout ? t("preview.pagesCounted", { count: layout.pages }) : t("preview.pages")}
      >
        {html ? (
          <div
            className="preview-pages"
            style={{ width: frameWidth * scale || "100%", height: layout ? layout.height * scale : "100%" }}
          >
            <iframe
              key={frameKey}
              ref={frame}
              title={t("preview.frame")}
              sandbox="allow-scripts"
              srcDoc={html}
              tabIndex={-1}
              data-testid="preview-frame"
              style={
                layout
                  ? { width: frameWidth, height: layout.height, transform: `scale(${scale})`, transformOrigin: "0 0" }
                  : undefined
              }
            />
          </div>
        ) : (
          <div className="skeleton" style={{ height: "100%" }} />
        )}
      </div>
    </section>
  );
}

/**
 * The page's CSP nonce (the gateway stamps one into index.html per response): an srcdoc frame inherits the page's
 * policy, which allows inline scripts only with that nonce.
 */
function pageNonce(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="rp-csp-nonce"]')?.content || undefined;
}
