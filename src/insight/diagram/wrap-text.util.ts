export interface Wrapped {
  lines: string[];
  /** Some text did not fit; the full text belongs in a <title>. */
  truncated: boolean;
}

const ELLIPSIS = '…';

/** Greedy word wrap to `width` characters and at most `maxLines` lines; a cut last line ends in an ellipsis. */
export function wrapText(text: string, width: number, maxLines: number): Wrapped {
  const words = text
    .split(/\s+/)
    .filter(Boolean)
    // A word longer than a line (a URL, a long id) is split so it cannot widen the box.
    .flatMap((word) => word.match(new RegExp(`.{1,${width}}`, 'gu')) ?? []);
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return { lines, truncated: false };
  const kept = lines.slice(0, maxLines);
  const tail = kept[maxLines - 1];
  kept[maxLines - 1] = `${tail.length >= width ? tail.slice(0, width - 1) : tail}${ELLIPSIS}`;
  return { lines: kept, truncated: true };
}
