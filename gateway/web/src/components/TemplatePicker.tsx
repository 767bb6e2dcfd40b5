import { useTranslation } from "react-i18next";
import type { Template } from "../api/exports";
import { usePreferences } from "../stores/preferences";

/** The templates that print this document type, and the chosen one (the stored preference, else the first). */
export function chooseTemplate(templates: Template[], type: string, templateId: string | undefined) {
  const usable = templates.filter((t) => !t.documentTypes || t.documentTypes.includes(type));
  return { usable, template: usable.find((t) => t.id === templateId) ?? usable[0] };
}

/** The document's template and page size (its design), with a button to the Design panel that changes them. */
export function TemplatePicker(props: {
  usable: Template[];
  template: Template | undefined;
  labelPrefix?: string;
  pageSize?: string;
}) {
  const { t } = useTranslation();
  const { template, labelPrefix = "" } = props;
  const prefs = usePreferences();
  const pageSize = props.pageSize ?? prefs.pageSize;
  // One template control: the Design panel's gallery. This is what the document uses, with a way there.
  return (
    <div className="inline-fields" data-testid="template-summary">
      <span>
        {labelPrefix ? `${labelPrefix}: ` : ""}
        {template?.name ?? t("export.template")} · {pageSize}
      </span>
      <button
        type="button"
        className="btn small"
        onClick={() =>
          document.getElementById("design-heading")?.closest("section")?.querySelector<HTMLElement>("button")?.focus()
        }
      >
        {t("design.open")}
      </button>
    </div>
  );
}
