// Plain aligned text tables for the terminal: text to the left, numbers to the right.

export type Cell = string | number;

export function textTable(headers: string[], rows: Cell[][], indent = '  '): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const numeric = headers.map(
    (_, col) => rows.length > 0 && rows.every((row) => typeof row[col] === 'number'),
  );
  const widths = headers.map((_, col) => Math.max(...cells.map((row) => (row[col] ?? '').length)));
  const line = (row: string[]) =>
    indent +
    row
      .map((cell, col) => (numeric[col] ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

/** 14400000 -> "4h", 100800000 -> "1d 4h", 1500 -> "1.5s". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))}s`;
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = Math.round(ms / 1000) * 1000;
  for (const [unit, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    } else if (parts.length > 0) break;
  }
  return parts.join(' ');
}
