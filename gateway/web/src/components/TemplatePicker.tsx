import type { Template } from "../api/exports";
import { usePreferences } from "../stores/preferences";

/** The templates that print this document type, and the chosen one (the stored preference, else the first). */
export function chooseTemplate(templates: Template[], type: string, templateId: string | undefined) {
  const usable = templates.filter((t) => !t.documentTypes || t.documentTypes.includes(type));
  return { usable, template: usable.find((t) => t.id === templateId) ?? usable[0] };
}

/** Template and page-size selects bound to the stored preferences (the preview and the export share them). */
export function TemplatePicker(props: { usable: Template[]; template: Template | undefined; labelPrefix?: string; pageSize?: string }) {
  const { usable, template, labelPrefix = "" } = props;
  const { set, ...prefs } = usePreferences();
  const pageSize = props.pageSize ?? prefs.pageSize;
  return (
    <div className="inline-fields">
      <label>
        {labelPrefix ? `${labelPrefix} template` : "Template"}{" "}
        <select value={template?.id ?? ""} onChange={(e) => set({ templateId: e.target.value })}>
          {usable.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {labelPrefix ? `${labelPrefix} page size` : "Page size"}{" "}
        <select value={pageSize} onChange={(e) => set({ pageSize: e.target.value })}>
          {(template?.pageSizes ?? ["A4", "Letter"]).map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
    </div>
  );
}
