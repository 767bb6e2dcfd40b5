import { useEffect, useId, useState } from "react";
import { validate, type FieldSpec } from "./validation";

interface Props {
  spec: FieldSpec;
  path: string;
  value: unknown;
  serverError?: string;
  onChange(path: string, value: unknown): void;
}

function toText(spec: FieldSpec, value: unknown): string {
  if (spec.kind === "lines") return Array.isArray(value) ? value.join("\n") : "";
  if (spec.kind === "paragraphs") return Array.isArray(value) ? value.join("\n\n") : "";
  if (spec.kind === "csv") return Array.isArray(value) ? value.join(", ") : "";
  return typeof value === "string" ? value : "";
}

function fromText(spec: FieldSpec, text: string): unknown {
  if (spec.kind === "lines") return text.split("\n").map((s) => s.trim()).filter(Boolean);
  if (spec.kind === "paragraphs") return text.split(/\n\s*\n/).map((s) => s.trim()).filter(Boolean);
  if (spec.kind === "csv") return text.split(",").map((s) => s.trim()).filter(Boolean);
  return text;
}

/** A labelled input: validated on blur, server errors for its path shown beneath it. */
export function Field({ spec, path, value, serverError, onChange }: Props) {
  const id = useId();
  const [touched, setTouched] = useState(false);
  const [draft, setDraft] = useState(() => toText(spec, value));
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(toText(spec, value));
  }, [value, focused, spec]);

  const localError = touched ? validate(spec, spec.kind === "lines" || spec.kind === "csv" || spec.kind === "paragraphs" ? "" : draft) : undefined;
  const error = localError ?? serverError;
  const errorId = `${id}-error`;
  const common = {
    id,
    name: path,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? errorId : undefined,
    "aria-required": spec.required || undefined,
    onFocus: () => setFocused(true),
    onBlur: () => {
      setFocused(false);
      setTouched(true);
    },
  };

  if (spec.kind === "checkbox") {
    return (
      <div className="field field-check">
        <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(path, e.target.checked ? true : undefined)} />
        <label htmlFor={id}>{spec.label}</label>
      </div>
    );
  }

  const change = (text: string) => {
    setDraft(text);
    onChange(path, fromText(spec, text));
  };

  return (
    <div className={`field${spec.wide || spec.kind === "textarea" || spec.kind === "lines" || spec.kind === "paragraphs" ? " wide" : ""}`}>
      <label htmlFor={id}>
        {spec.label}
        {spec.required && <span aria-hidden="true"> *</span>}
        {spec.kind === "lines" && <span className="hint"> (one per line)</span>}
        {spec.kind === "csv" && <span className="hint"> (comma separated)</span>}
      </label>
      {spec.kind === "select" ? (
        <select {...common} value={draft} onChange={(e) => change(e.target.value)}>
          <option value="">—</option>
          {spec.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : spec.kind === "textarea" || spec.kind === "lines" || spec.kind === "paragraphs" ? (
        <textarea {...common} rows={spec.kind === "paragraphs" ? 8 : 3} value={draft} placeholder={spec.placeholder} onChange={(e) => change(e.target.value)} />
      ) : (
        <input
          {...common}
          type={spec.kind === "email" ? "email" : spec.kind === "url" ? "url" : "text"}
          inputMode={spec.kind === "date" ? "numeric" : undefined}
          placeholder={spec.placeholder ?? (spec.kind === "date" ? "YYYY-MM" : undefined)}
          value={draft}
          onChange={(e) => change(e.target.value)}
        />
      )}
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
