// How the dashboard writes numbers; the end-to-end tests format expected values with the same functions.

export const DASH = '–';

export const formatCount = (value: number | null): string =>
  value === null ? DASH : value.toLocaleString('en-US');

/** A share 0..1 as a whole percentage. */
export const formatPercent = (value: number | null): string =>
  value === null ? DASH : `${Math.round(value * 100)} %`;

/** Seconds in the unit a person would use: 45 s, 12 min, 3.5 h, 2.1 d. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return DASH;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Number((seconds / 3600).toFixed(1))} h`;
  return `${Number((seconds / 86400).toFixed(1))} d`;
}

/** An amount in its currency when that is an ISO code Intl knows; otherwise the bare amount. */
export function formatMoney(amount: number | null, currency: string | null): string {
  if (amount === null) return DASH;
  if (currency) {
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
    } catch {
      return `${amount.toFixed(2)} ${currency}`;
    }
  }
  return amount.toFixed(2);
}

/** An ISO time as `2026-11-23 14:02:05 UTC`: the dashboard shows UTC, like the rollups. */
export function formatTime(value: string | Date): string {
  const iso = (typeof value === 'string' ? new Date(value) : value).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
