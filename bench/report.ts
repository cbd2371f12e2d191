import { ratio, round } from './stats';

export interface Figure {
  figure: string;
  value: number | null;
  unit: string;
  target: string;
  /** true / false against the must target; null when there is none (reported only). */
  met: boolean | null;
  baseline: string;
  baselineValue: number | null;
  /** value / baseline: comparable between runs on machines of different speed. */
  ratio: number | null;
}

export function figure(
  name: string,
  value: number | null | undefined,
  unit: string,
  target: string,
  met: boolean | null,
  baseline: string,
  baselineValue: number | null | undefined,
): Figure {
  const v = value == null || !Number.isFinite(value) ? null : round(value, value >= 100 ? 0 : 1);
  const b =
    baselineValue == null || !Number.isFinite(baselineValue)
      ? null
      : round(baselineValue, baselineValue >= 100 ? 0 : 2);
  return {
    figure: name,
    value: v,
    unit,
    target,
    met: v === null ? false : met,
    baseline,
    baselineValue: b,
    ratio: ratio(value, baselineValue),
  };
}

/** A plain-text table, one row per figure. */
export function table(figures: Figure[]): string {
  const rows = [
    ['figure', 'value', 'target', 'ok', 'baseline', 'ratio'],
    ...figures.map((f) => [
      f.figure,
      f.value === null ? 'n/a' : `${f.value} ${f.unit}`,
      f.target,
      f.met === null ? '-' : f.met ? 'yes' : 'NO',
      f.baselineValue === null ? f.baseline : `${f.baseline}: ${f.baselineValue}`,
      f.ratio === null ? '-' : String(f.ratio),
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
