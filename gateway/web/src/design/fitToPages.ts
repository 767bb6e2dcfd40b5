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

/** Resolves once the preview has fetched and laid out the latest document (busy flag off and a short settle). */
export async function previewSettled(timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  await new Promise((r) => setTimeout(r, 500));
  while (Date.now() - started < timeoutMs) {
    const busy = document.querySelector("#preview [aria-busy]")?.getAttribute("aria-busy") === "true";
    if (!busy) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  await new Promise((r) => setTimeout(r, 900));
}
