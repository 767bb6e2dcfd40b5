import { t } from "../i18n";

/** Resume sections a design can order, hide and rename (the server's DesignOptions.Sections). */
export const SECTIONS = [
  "summary", "work", "education", "skills", "projects", "certifications", "languages",
  "volunteer", "awards", "publications", "interests", "references", "custom",
] as const;
export type SectionKey = (typeof SECTIONS)[number];

/**
 * A section's name in the editor's language (the design panel's list). The printed headings are the template's and
 * the document's own (`sectionTitles`), not this.
 */
export const sectionName = (key: SectionKey): string => t(`sections.${key}`);

/** The document's order laid over the template's: keys it names first, then the template's remaining ones. */
export function effectiveOrder(saved: string[] | undefined, templateOrder: readonly string[]): SectionKey[] {
  const known = (k: string): k is SectionKey => (SECTIONS as readonly string[]).includes(k);
  const seen = new Set<string>();
  const result: SectionKey[] = [];
  for (const k of [...(saved ?? []), ...templateOrder, ...SECTIONS])
    if (known(k) && !seen.has(k)) seen.add(k) && result.push(k);
  return result;
}

/** Moves the entry at `from` to `to` (both indexes into `order`), returning a new array. */
export function move<T>(order: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= order.length || from === to) return [...order];
  const next = [...order];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}
