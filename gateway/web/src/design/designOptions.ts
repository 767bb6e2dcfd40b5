/** The values the server accepts in `data.design` (contracts DesignOptions); the renderer prints each of them. */
export const FONT_FAMILIES = [
  "Liberation Sans",
  "Liberation Serif",
  "Noto Sans",
  "Noto Serif",
  "Noto Sans Display",
  "Noto Serif Display",
  "Liberation Mono",
];
/** Margin choices; their names are design.margins.<value>. */
export const MARGINS = ["narrow", "normal", "wide"] as const;
export const DATE_FORMATS = [
  ["short", "Mar 2021"],
  ["long", "March 2021"],
  ["numeric", "03/2021"],
  ["iso", "2021-03"],
  ["year", "2021"],
] as const;
export const PAGE_SIZES = ["A4", "Letter"] as const;

export interface DocumentDesign {
  template?: string;
  pageSize?: string;
  accentColor?: string;
  fontFamily?: string;
  fontSize?: number;
  lineHeight?: number;
  margins?: string;
  dateFormat?: string;
  sectionOrder?: string[];
  hiddenSections?: string[];
  sectionTitles?: Record<string, string>;
  columns?: number;
}
