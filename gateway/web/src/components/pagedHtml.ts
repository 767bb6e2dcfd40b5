/** What the paged preview frame reports once it has laid out its pages. */
export interface PagedLayout {
  pages: number;
  /** CSS pixels of one page (all pages of a document have one size) and of the whole strip of pages. */
  pageWidth: number;
  pageHeight: number;
  height: number;
  /** Space between pages and around the strip, in CSS pixels. */
  gap: number;
}

export const PAGED_MESSAGE = "rp-paged";
export const PAGE_GAP = 16;

/**
 * The renderer's HTML (what the PDF is printed from) made to show its pages on screen: Paged.js lays the document out
 * with its own `@page` rules (size, margins, breaks, "Page N of M" margin boxes) into page boxes, then the frame tells
 * the editor how many pages and how big. The frame is sandboxed without same-origin (an opaque origin: the script can
 * reach neither the app nor the network — the CSP keeps `default-src 'none'`); only scripts with this render's nonce
 * run. Links leave the Tab order: the preview is a picture of the PDF, not a second set of controls.
 */
export function pagedHtml(html: string, polyfill: string, nonce: string): string {
  const csp =
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; ` +
    `img-src data:; font-src data:; script-src 'nonce-${nonce}'">`;
  // Replacements are functions: the polyfill's text holds "$&"-like sequences a replacement string would expand.
  // The page style is added after Paged.js has read the document's styles, so it is not mistaken for print CSS.
  const boot = `window.PagedConfig = { auto: true, after: function () {
  var style = document.createElement("style");
  style.textContent = "@media screen { html, body { margin: 0; padding: 0; background: transparent; }" +
    " .pagedjs_pages { display: flex; flex-direction: column; align-items: center;" +
    " gap: ${PAGE_GAP}px; padding: ${PAGE_GAP}px 0; }" +
    " .pagedjs_page { background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.3); } }";
  document.head.appendChild(style);
  document.querySelectorAll("a, [tabindex]").forEach(function (a) { a.setAttribute("tabindex", "-1"); });
  var pages = document.querySelectorAll(".pagedjs_page");
  var first = pages[0] ? pages[0].getBoundingClientRect() : { width: 0, height: 0 };
  parent.postMessage({ type: "${PAGED_MESSAGE}", pages: pages.length, pageWidth: first.width, pageHeight: first.height,
    height: document.documentElement.scrollHeight, gap: ${PAGE_GAP} }, "*");
} };`;
  const scripts =
    `<script nonce="${nonce}">${boot}</script>` + `<script nonce="${nonce}">${escapeScript(polyfill)}</script>`;
  const withoutCsp = html.replace(/<meta[^>]+http-equiv=["']?Content-Security-Policy["']?[^>]*>/gi, "");
  return /<\/head>/i.test(withoutCsp)
    ? withoutCsp.replace(/<head>/i, () => `<head>${csp}`).replace(/<\/head>/i, () => `${scripts}</head>`)
    : `${csp}${scripts}${withoutCsp}`;
}

/** A script's text may not contain its own end tag. */
function escapeScript(source: string): string {
  return source.replace(/<\/script/gi, "<\\/script");
}

export function isPagedLayout(data: unknown): data is PagedLayout & { type: string } {
  return (
    typeof data === "object" &&
    data !== null &&
    (data as { type?: unknown }).type === PAGED_MESSAGE &&
    typeof (data as { pages?: unknown }).pages === "number"
  );
}

/** Which page (1-based) is at the top third of the view, for "Page N of M". */
export function currentPage(layout: PagedLayout, scale: number, scrollTop: number, viewHeight: number): number {
  const stride = (layout.pageHeight + layout.gap) * scale;
  if (stride <= 0 || layout.pages === 0) return 0;
  const n = Math.floor((scrollTop + viewHeight / 3 - layout.gap * scale) / stride) + 1;
  return Math.min(layout.pages, Math.max(1, n));
}
