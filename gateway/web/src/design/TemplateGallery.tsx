import { useEffect, useState } from "react";
import { exportsApi, type Template } from "../api/exports";

const REFRESH_MS = 1500;

/** On screen @page margins do not apply: pad the page like the printed one. */
const screenPage = (html: string) => html.replace("</head>", "<style>html{background:#fff}body{padding:14mm 15mm}</style></head>");

/**
 * The one template control: every template that prints this document type, each showing the user's own document
 * (the renderer's preview HTML, the same page the PDF is printed from), refreshed a moment after edits stop.
 */
export function TemplateGallery(props: { templates: Template[]; selected: string | undefined; pageSize: string; doc: { type: string; title: string; data: unknown }; onSelect(id: string): void }) {
  const { templates, selected, pageSize, doc, onSelect } = props;
  const [pages, setPages] = useState<Record<string, string>>({});

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      // Two at a time: the thumbnails must not crowd out the main preview on a shared renderer.
      const queue = [...templates];
      const worker = async () => {
        for (let t = queue.shift(); t && !controller.signal.aborted; t = queue.shift()) {
          try {
            const html = await exportsApi.preview(t.id, pageSize, doc, controller.signal);
            const id = t.id;
            setPages((p) => ({ ...p, [id]: screenPage(html) }));
          } catch {
            /* a missing thumbnail keeps the last one */
          }
        }
      };
      await Promise.all([worker(), worker()]);
    }, REFRESH_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [templates, pageSize, doc]);

  return (
    <div className="template-gallery" role="radiogroup" aria-label="Template" data-testid="template-gallery">
      {templates.map((t) => (
        <button
          key={t.id}
          type="button"
          role="radio"
          aria-checked={t.id === selected}
          className={t.id === selected ? "template-card selected" : "template-card"}
          data-template={t.id}
          onClick={() => onSelect(t.id)}
          title={t.description}
        >
          <span className={`thumb page-${pageSize.toLowerCase()}`}>
            {pages[t.id] ? (
              <iframe title={`${t.name} with your document`} sandbox="" srcDoc={pages[t.id]} tabIndex={-1} aria-hidden="true" />
            ) : t.previewImageUrl ? (
              <img src={t.previewImageUrl} alt="" />
            ) : null}
          </span>
          <span className="template-name">{t.name}</span>
        </button>
      ))}
    </div>
  );
}
