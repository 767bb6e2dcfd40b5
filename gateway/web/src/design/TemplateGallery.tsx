import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { exportsApi, type Template } from "../api/exports";

const REFRESH_MS = 1500;

/** On screen @page margins do not apply: pad the page like the printed one. */
const screenPage = (html: string) =>
  html.replace("</head>", "<style>html{background:#fff}body{padding:14mm 15mm}</style></head>");

/**
 * The one template control: every template that prints this document type, each showing the user's own document
 * (the renderer's preview HTML, the same page the PDF is printed from), refreshed a moment after edits stop.
 */
export function TemplateGallery(props: {
  templates: Template[];
  selected: string | undefined;
  pageSize: string;
  doc: { type: string; title: string; data: unknown };
  onSelect(id: string): void;
}) {
  const { t } = useTranslation();
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
    <div
      className="template-gallery"
      role="radiogroup"
      aria-label={t("export.template")}
      data-testid="template-gallery"
    >
      {templates.map((tpl) => (
        <button
          key={tpl.id}
          type="button"
          role="radio"
          aria-checked={tpl.id === selected}
          className={tpl.id === selected ? "template-card selected" : "template-card"}
          data-template={tpl.id}
          onClick={() => onSelect(tpl.id)}
          title={tpl.description}
        >
          <span className={`thumb page-${pageSize.toLowerCase()}`}>
            {pages[tpl.id] ? (
              <iframe
                title={t("design.thumbnail", { name: tpl.name })}
                sandbox=""
                srcDoc={pages[tpl.id]}
                tabIndex={-1}
                aria-hidden="true"
              />
            ) : tpl.previewImageUrl ? (
              <img src={tpl.previewImageUrl} alt="" />
            ) : null}
          </span>
          <span className="template-name">{tpl.name}</span>
        </button>
      ))}
    </div>
  );
}
