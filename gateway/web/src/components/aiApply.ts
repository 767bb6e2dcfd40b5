import type { Json } from "../sync/mergePatch";

/**
 * Drops nulls, empty strings, empty objects and empty arrays (the document schema treats absent and empty alike, and
 * refuses null).
 */
export function pruneEmpty(value: unknown): Json | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (Array.isArray(value)) {
    const items = value.map(pruneEmpty).filter((v) => v !== undefined) as Json[];
    return items.length ? items : undefined;
  }
  if (typeof value === "object") {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = pruneEmpty(v);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value as Json;
}

/**
 * Resume data extracted from pasted text, merged into the current resume: sections found in the text replace the
 * current ones; the profile is merged field by field (a name already typed is kept when the text has none).
 */
export function mergeExtracted(
  current: Record<string, unknown>,
  extracted: Record<string, unknown>,
): Record<string, Json> {
  const found = (pruneEmpty(extracted) ?? {}) as Record<string, Json>;
  const merged = { ...(current as Record<string, Json>) };
  for (const [k, v] of Object.entries(found)) {
    if (
      k === "profile" &&
      v &&
      typeof v === "object" &&
      !Array.isArray(v) &&
      current.profile &&
      typeof current.profile === "object"
    )
      merged.profile = { ...(current.profile as Record<string, Json>), ...(v as Record<string, Json>) };
    else merged[k] = v;
  }
  return merged;
}

/**
 * A drafted cover letter applied to the open one: the draft's content (sender from the resume, recipient, subject,
 * paragraphs…) replaces what it has; fields the user already filled and the draft leaves empty are kept.
 */
export function letterWithDraft(current: Record<string, unknown>, draft: Record<string, unknown>): Json {
  const found = (pruneEmpty(draft) ?? {}) as Record<string, Json>;
  const merged: Record<string, Json> = { ...(current as Record<string, Json>) };
  for (const [k, v] of Object.entries(found)) {
    const mine = current[k];
    merged[k] =
      v && typeof v === "object" && !Array.isArray(v) && mine && typeof mine === "object" && !Array.isArray(mine)
        ? { ...(mine as Record<string, Json>), ...(v as Record<string, Json>) }
        : v;
  }
  return merged;
}
