import { t } from "../i18n";
import { formatNumber } from "../i18n/format";

/** WCAG 2.x contrast of a #rrggbb colour against white (the same sums the renderer uses to darken text colours). */
export function contrastOnWhite(hex: string): number {
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const channel = (i: number) => lin(parseInt(hex.slice(i, i + 2), 16) / 255);
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (l + 0.05);
}

export function describeContrast(hex: string): { ratio: number; ok: boolean; text: string } {
  const ratio = contrastOnWhite(hex);
  const shown = `${formatNumber(ratio, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}:1`;
  return ratio >= 4.5
    ? { ratio, ok: true, text: t("design.contrastOk", { ratio: shown }) }
    : { ratio, ok: false, text: t("design.contrastLow", { ratio: shown }) };
}
