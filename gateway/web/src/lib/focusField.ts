import { normalizeServerPath } from "../components/validation";

/** Asks the editor to show a field: list sections open the entry that holds it (SectionEditor listens). */
export const FOCUS_FIELD_EVENT = "rp:focus-field";

export function onFocusField(listener: (path: string) => void): () => void {
  const handler = (e: Event) => listener((e as CustomEvent<string>).detail);
  window.addEventListener(FOCUS_FIELD_EVENT, handler);
  return () => window.removeEventListener(FOCUS_FIELD_EVENT, handler);
}

/**
 * Moves focus to the input of a server path (`data.work[0].highlights[1]`): the entry is opened first, then the
 * nearest input found (a highlight lives in its entry's "Highlights" box), else the section's first button.
 */
export function focusField(serverPath: string): void {
  const path = normalizeServerPath(serverPath);
  window.dispatchEvent(new CustomEvent(FOCUS_FIELD_EVENT, { detail: path }));
  // Two frames: React renders the opened entry, then the browser lays it out.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const parts = path.split(".");
      for (let n = parts.length; n > 0; n--) {
        const candidate = parts.slice(0, n).join(".");
        const input = document.querySelector<HTMLElement>(`[name="${CSS.escape(candidate)}"]`);
        const section = document.getElementById(`${candidate}-heading`)?.closest("section");
        const target = input ?? section?.querySelector<HTMLElement>("button");
        if (target) {
          target.scrollIntoView({ block: "center" });
          target.focus();
          return;
        }
      }
    }),
  );
}
