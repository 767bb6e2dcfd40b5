import { useContext, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import i18n from "../i18n";
import { FieldRulesContext, HeldContext } from "./fieldRules";
import { ruleFor, validate, validateList, type FieldSpec } from "./validation";

interface Props {
  spec: FieldSpec;
  path: string;
  value: unknown;
  /** The other fields of the same object, for rules that compare (an end date with its start date). */
  siblings?: Record<string, unknown>;
  serverError?: string;
  onChange(path: string, value: unknown): void;
}

const isList = (spec: FieldSpec) => spec.kind === "lines" || spec.kind === "csv" || spec.kind === "paragraphs";
/** A served value as a choice: its translation (field.option.*) when there is one, else the value capitalised. */
const optionLabel = (value: string) => {
  const key = `field.option.${value}`;
  return i18n.exists(key) ? String(i18n.t(key as never)) : value.charAt(0).toUpperCase() + value.slice(1);
};

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
export function Field({ spec, path, value, siblings, serverError, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const rules = useContext(FieldRulesContext);
  const rule = ruleFor(rules, path);
  const held = useContext(HeldContext).has(path);
  const [touched, setTouched] = useState(false);
  const [draft, setDraft] = useState(() => toText(spec, value));
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(toText(spec, value));
  }, [value, focused, spec]);

  const localError = !touched
    ? undefined
    : isList(spec)
      ? validateList(rule, ruleFor(rules, `${path}.0`), fromText(spec, draft))
      : validate(spec, rule, draft, siblings);
  const error = localError ?? serverError;
  // Held back (not sent: the server would refuse it): said calmly beside the field until it is complete or touched.
  const heldHint = !error && held ? validate(spec, rule, draft, siblings) : undefined;
  const errorId = `${id}-error`;
  const common = {
    id,
    name: path,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error || heldHint ? errorId : undefined,
    "aria-required": rule?.required || undefined,
    onFocus: () => setFocused(true),
    onBlur: () => {
      setFocused(false);
      setTouched(true);
    },
  };

  if (spec.kind === "checkbox") {
    return (
      <div className="field field-check">
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(path, e.target.checked ? true : undefined)}
        />
        <label htmlFor={id}>{spec.label}</label>
      </div>
    );
  }

  const change = (text: string) => {
    setDraft(text);
    onChange(path, fromText(spec, text));
  };

  const wide = spec.wide || spec.kind === "textarea" || spec.kind === "lines" || spec.kind === "paragraphs";
  return (
    <div className={`field${wide ? " wide" : ""}`}>
      <label htmlFor={id}>
        {spec.label}
        {rule?.required && <span aria-hidden="true"> *</span>}
        {spec.kind === "lines" && <span className="hint"> {t("field.hint.lines")}</span>}
        {spec.kind === "csv" && <span className="hint"> {t("field.hint.csv")}</span>}
      </label>
      {spec.kind === "select" ? (
        <select {...common} value={draft} onChange={(e) => change(e.target.value)}>
          <option value="">—</option>
          {/* the allowed values are the server's; one it no longer allows stays visible until changed */}
          {[...(rule?.oneOf ?? []), ...(draft && !rule?.oneOf?.includes(draft) ? [draft] : [])].map((v) => (
            <option key={v} value={v}>
              {optionLabel(v)}
            </option>
          ))}
        </select>
      ) : spec.kind === "textarea" || spec.kind === "lines" || spec.kind === "paragraphs" ? (
        <textarea
          {...common}
          rows={spec.kind === "paragraphs" ? 8 : 3}
          value={draft}
          placeholder={spec.placeholder}
          onChange={(e) => change(e.target.value)}
        />
      ) : (
        <input
          {...common}
          type={spec.kind === "email" ? "email" : spec.kind === "url" ? "url" : "text"}
          inputMode={spec.kind === "date" ? "numeric" : undefined}
          placeholder={spec.placeholder ?? (spec.kind === "date" ? t("field.hint.date") : undefined)}
          value={draft}
          onChange={(e) => change(e.target.value)}
        />
      )}
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
      {heldHint && (
        <p className="field-hint" id={errorId}>
          {t("field.held", { problem: heldHint })}
        </p>
      )}
    </div>
  );
}
