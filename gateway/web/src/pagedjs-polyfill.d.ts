// The Paged.js polyfill as text (vite.config.ts aliases it), for the paged preview frame.
declare module "pagedjs-polyfill?raw" {
  const source: string;
  export default source;
}
