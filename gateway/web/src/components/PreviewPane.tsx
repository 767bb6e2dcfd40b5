import { useEffect, useMemo, useRef, useState } from "react";
import { throttle } from "../lib/throttle";
import { exportsApi, type Template } from "../api/exports";
import { usePreferences } from "../stores/preferences";
import { chooseTemplate, TemplatePicker } from "./TemplatePicker";

export const PREVIEW_THROTTLE_MS = 100;

/**
 * The renderer's own HTML (what the PDF is printed from) in a sandboxed iframe. Requests are throttled to one per
 * 100 ms (first change at once, the latest one at the end of each window); a newer request aborts the one in flight.
 */
export function PreviewPane({ type, title, data }: { type: string; title: string; data: unknown }) {
  const [templates, setTemplates] = useState<Template[]>([]);
  const [html, setHtml] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const { templateId, pageSize } = usePreferences();

  useEffect(() => {
    exportsApi.templates().then(setTemplates, (e) => setError(String(e.message ?? e)));
  }, []);
  const { usable, template } = chooseTemplate(templates, type, templateId);

  const inFlight = useRef<AbortController | null>(null);
  const request = useMemo(
    () =>
      throttle((templateId: string, size: string, doc: { type: string; title: string; data: unknown }) => {
        inFlight.current?.abort();
        const controller = new AbortController();
        inFlight.current = controller;
        setLoading(true);
        exportsApi
          .preview(templateId, size, doc, controller.signal)
          .then((h) => {
            setHtml(h);
            setError(null);
          })
          .catch((e) => {
            if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
          })
          .finally(() => !controller.signal.aborted && setLoading(false));
      }, PREVIEW_THROTTLE_MS),
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
    if (template) request(template.id, pageSize, { type, title, data });
  }, [request, template, pageSize, type, title, data]);

  return (
    <section className="card preview" aria-labelledby="preview-heading">
      <div className="section-head">
        <h2 id="preview-heading">Preview</h2>
        <TemplatePicker usable={usable} template={template} />
      </div>
      {error && (
        <p className="field-error" role="alert">
          Preview unavailable: {error}
        </p>
      )}
      <div className={`preview-frame page-${pageSize.toLowerCase()}`} aria-busy={loading}>
        {html ? <iframe title="Document preview" sandbox="" srcDoc={html} data-testid="preview-frame" /> : <div className="skeleton" style={{ height: "100%" }} />}
      </div>
    </section>
  );
}
