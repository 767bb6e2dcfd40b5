export type Theme = "system" | "light" | "dark";

const KEY = "rp:v1:theme";

/** The theme on <html data-theme> (theme.css), remembered on this device so the next start paints in it at once. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    /* storage unavailable: this page still has it */
  }
}

export function storedTheme(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return t === "light" || t === "dark" ? t : "system";
  } catch {
    return "system";
  }
}
