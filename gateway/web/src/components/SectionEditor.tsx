import { useState } from "react";
import { Field } from "./Field";
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
  const [open, setOpen] = useState<number | null>(items.length > 0 ? 0 : null);
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
          type="button"
          className="btn small"
          onClick={() => {
            onChange(base, [...items, {}]);
            setOpen(items.length);
          }}
        >
          Add {section.itemName}
        </button>
      </div>
      {items.length === 0 && <p className="muted">No {section.title.toLowerCase()} yet.</p>}
      <ol className="entries">
        {items.map((item, index) => {
          const path = `${base}.${index}`;
          const expanded = open === index;
          const hasError = Object.keys(errors).some((k) => k.startsWith(path + "."));
          return (
            <li key={index} className={`entry${hasError ? " has-error" : ""}`}>
              <div className="entry-head">
                <button type="button" className="entry-toggle" aria-expanded={expanded} onClick={() => setOpen(expanded ? null : index)}>
                  {section.summary(item)}
                </button>
                <div className="entry-actions">
                  <button type="button" className="icon" aria-label={`Move ${section.itemName} ${index + 1} up`} disabled={index === 0} onClick={() => move(index, index - 1)}>
                    ↑
                  </button>
                  <button type="button" className="icon" aria-label={`Move ${section.itemName} ${index + 1} down`} disabled={index === items.length - 1} onClick={() => move(index, index + 1)}>
                    ↓
                  </button>
                  <button type="button" className="icon danger" aria-label={`Remove ${section.itemName} ${index + 1}`} onClick={() => onChange(base, items.filter((_, i) => i !== index))}>
                    ✕
                  </button>
                </div>
              </div>
              {expanded && (
                <div className="grid">
                  {section.fields.map((f) => (
                    <Field key={f.key} spec={f} path={`${path}.${f.key}`} value={item[f.key]} siblings={item} serverError={errors[`${path}.${f.key}`]} onChange={onChange} />
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
