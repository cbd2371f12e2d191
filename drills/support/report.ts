/** A promise a drill checks: what was promised, what was measured, kept or broken. */
export interface Check {
  promise: string;
  measured: string;
  kept: boolean;
}

/** What a drill hands back: its figures (printed as measured) and its checks (which decide the exit code). */
export interface DrillResult {
  drill: string;
  seconds: number;
  figures: [string, string | number][];
  checks: Check[];
  /** Process output and other clues, printed only when a check failed. */
  clues?: string;
}

export function check(promise: string, measured: string | number, kept: boolean): Check {
  return { promise, measured: String(measured), kept };
}

/** Percentile (0-100) of unsorted numbers; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a');
export const millis = (ms: number) => (Number.isFinite(ms) ? `${Math.round(ms)} ms` : 'n/a');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function render(result: DrillResult): string {
  const figures = table([
    ['figure', 'value'],
    ...result.figures.map(([name, value]) => [name, String(value)]),
  ]);
  const checks = table([
    ['promise', 'measured', ''],
    ...result.checks.map((c) => [c.promise, c.measured, c.kept ? 'ok' : 'BROKEN']),
  ]);
  return `\n== drill: ${result.drill} (${result.seconds.toFixed(0)} s)\n${figures}\n\n${checks}\n`;
}

export const kept = (result: DrillResult) => result.checks.every((c) => c.kept);
