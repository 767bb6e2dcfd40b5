import i18n from "./index";

// Dates and numbers in the UI's language (Intl), with the same fields the screens showed before (toLocale*String).

const toDate = (value: string | number | Date) => (value instanceof Date ? value : new Date(value));

/** Date and time, e.g. "12/7/2026, 9:41:05 AM" / "7.12.2026, 09:41:05". */
export const formatDateTime = (value: string | number | Date, options?: Intl.DateTimeFormatOptions) =>
  toDate(value).toLocaleString(i18n.language, options);

/** The date alone, e.g. "12/7/2026" / "7.12.2026". */
export const formatDate = (value: string | number | Date, options?: Intl.DateTimeFormatOptions) =>
  toDate(value).toLocaleDateString(i18n.language, options);

/** The time alone, e.g. "9:41:05 AM" / "09:41:05". */
export const formatTime = (value: string | number | Date, options?: Intl.DateTimeFormatOptions) =>
  toDate(value).toLocaleTimeString(i18n.language, options);

/** A number with the language's separators, e.g. "1,234.5" / "1.234,5". */
export const formatNumber = (value: number, options?: Intl.NumberFormatOptions) =>
  new Intl.NumberFormat(i18n.language, options).format(value);
