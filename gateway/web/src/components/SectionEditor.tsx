import { Fragment, useContext, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "./Field";
import { onFocusField } from "../lib/focusField";
import { EnhanceInline } from "./EnhanceInline";
import { HeldContext } from "./fieldRules";
import type { ListSection } from "./sections";

interface Props {
  section: ListSection;
  base: string;
  items: Record<string, unknown>[];
  errors: Record<string, string>;
  onChange(path: string, value: unknown): void;
  headingLevel?: 2 | 3;
}

/** A list section: entries collapsible, add / remove / move, every field labelled. */
export function SectionEditor({ section, base, items, errors, onChange, headingLevel = 2 }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(items.length > 0 ? 0 : null);
  // A link to a field (score reasons, history) opens the entry that holds it.
  useEffect(
    () =>
      onFocusField((path) => {
        const entry = path.startsWith(base + ".") ? /^(\d+)/.exec(path.slice(base.length + 1)) : null;
        if (entry) setOpen(Number(entry[1]));
      }),
    [base],
  );
  const held = useContext(HeldContext);
  const list = useRef<HTMLOListElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  // Focus follows the user's action: into a new entry's first field, or to a neighbour of a removed one.
  const [focusAfter, setFocusAfter] = useState<{ kind: "field" | "toggle"; index: number } | { kind: "add" } | null>(
    null,
  );
  useEffect(() => {
    if (!focusAfter) return;
    setFocusAfter(null);
    if (focusAfter.kind === "add") return void addButton.current?.focus();
    const entry = list.current?.children[focusAfter.index];
    const target =
      focusAfter.kind === "field"
        ? entry?.querySelector<HTMLElement>(".grid input, .grid textarea, .grid select")
        : entry?.querySelector<HTMLElement>(".entry-toggle");
    target?.focus();
  }, [focusAfter]);
  const remove = (index: number) => {
    onChange(base, items.filter((_, i) => i !== index));
    setFocusAfter(items.length > 1 ? { kind: "toggle", index: Math.max(0, index - 1) } : { kind: "add" });
  };
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const move = (from: number, to: number) => {
    const next = [...items];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    onChange(base, next);
    setOpen(to);
  };
  return (
    <section className="card section" aria-labelledby={`${base}-heading`}>
      <div className="section-head">
        <Heading id={`${base}-heading`}>{section.title}</Heading>
        <button
          ref={addButton}
          type="button"
          className="btn small"
          onClick={() => {
            onChange(base, [...items, {}]);
            setOpen(items.length);
            setFocusAfter({ kind: "field", index: items.length });
          }}
        >
          {t("editor.add", { item: section.itemName })}
        </button>
      </div>
      {items.length === 0 && <p className="muted">{t("editor.none", { title: section.title })}</p>}
      <ol className="entries" ref={list}>
        {items.map((item, index) => {
          const path = `${base}.${index}`;
          const expanded = open === index;
          const hasError = Object.keys(errors).some((k) => k.startsWith(path + "."));
          const incomplete = held.has(path);
          return (
            <li key={index} className={`entry${hasError ? " has-error" : ""}`}>
              <div className="entry-head">
                <button
                  type="button"
                  className="entry-toggle"
                  aria-expanded={expanded}
                  onClick={() => setOpen(expanded ? null : index)}
                >
                  {section.summary(item)}
                  {incomplete && <span className="badge incomplete"> {t("editor.incomplete")}</span>}
                </button>
                <div className="entry-actions">
                  <button
                    type="button"
                    className="icon"
                    aria-label={t("editor.moveUp", { item: section.itemName, n: index + 1 })}
                    disabled={index === 0}
                    onClick={() => move(index, index - 1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon"
                    aria-label={t("editor.moveDown", { item: section.itemName, n: index + 1 })}
                    disabled={index === items.length - 1}
                    onClick={() => move(index, index + 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon danger"
                    aria-label={t("editor.remove", { item: section.itemName, n: index + 1 })}
                    onClick={() => remove(index)}
                  >
                    ✕
                  </button>
                </div>
              </div>
              {expanded && (
                <div className="grid">
                  {section.fields.map((f) => (
                    <Fragment key={f.key}>
                      <Field
                        spec={f}
                        path={`${path}.${f.key}`}
                        value={item[f.key]}
                        siblings={item}
                        serverError={errors[`${path}.${f.key}`]}
                        onChange={onChange}
                      />
                      {f.key === "highlights" && (
                        <EnhanceInline
                          path={`${path}.${f.key}`}
                          value={item[f.key]}
                          label={t("editor.fieldOf", { field: f.label, entry: section.summary(item) })}
                          onChange={onChange}
                        />
                      )}
                    </Fragment>
                  ))}
                  {section.nested && (
                    <div className="wide">
                      <SectionEditor
                        section={section.nested}
                        base={`${path}.${section.nested.key}`}
                        items={(item[section.nested.key] as Record<string, unknown>[]) ?? []}
                        errors={errors}
                        onChange={onChange}
                        headingLevel={3}
                      />
                    </div>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
