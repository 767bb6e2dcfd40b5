import { isPagedLayout } from "../components/pagedHtml";
import type { DocumentDesign } from "./designOptions";

/**
 * "Fit to N pages": the design made a little denser step by step — narrow margins first, then tighter leading and
 * smaller type together — until the paged preview (the renderer's own HTML laid out in real pages) shows at most N
 * pages. The result is an ordinary design, so the PDF prints exactly what the preview showed.
 */
export function densitySteps(base: { fontSize: number; lineHeight: number }, steps = 10): Partial<DocumentDesign>[] {
  return Array.from({ length: steps }, (_, k) => ({
    margins: "narrow",
    fontSize: Math.max(8, Math.round((base.fontSize - 0.25 * k) * 100) / 100),
    lineHeight: Math.max(1, Math.round((base.lineHeight - 0.04 * k) * 100) / 100),
  }));
}

/** Page count of the paged preview (its section carries data-page-count once laid out), or null. */
export function previewPages(): number | null {
  const value = document.getElementById("preview")?.dataset.pageCount;
  return value ? Number(value) : null;
}

/**
 * The page count of the next layout the paged preview reports (its frame posts one after every new document); call it
 * before making the change. Falls back to the current count after `timeoutMs`.
 */
export function nextPreviewLayout(timeoutMs = 30_000): Promise<number | null> {
  return new Promise((resolve) => {
    const done = (pages: number | null) => {
      window.removeEventListener("message", onMessage);
      clearTimeout(timer);
      resolve(pages);
    };
    const onMessage = (e: MessageEvent) => isPagedLayout(e.data) && done(e.data.pages);
    window.addEventListener("message", onMessage);
    const timer = setTimeout(() => done(previewPages()), timeoutMs);
  });
}
