// MJML compiles in tens of milliseconds, far too slow to run per email. Each `{{ output }}` of the body is
// rendered between private-use markers instead, so the rendered MJML splits into its structure (the same for
// every customer whose email has the same shape) and the values; a structure is compiled once and the values are
// put into the HTML. Anything MJML did not carry through unchanged falls back to a full compile.
import { filters } from 'liquidjs';

type EscapeFilter = (this: unknown, value: unknown) => string;

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKED = /\uE000([^\uE000\uE001]*)\uE001/g;
const NUMBERED = /\uE000(\d+)\uE001/g;
const ANY_MARKER = /[\uE000\uE001]/;

/** Liquid `outputEscape`: HTML-escapes the value exactly as the plain body engine does, between markers. */
export function markSlot(this: unknown, value: unknown): string {
  const escaped = (filters.escape as EscapeFilter).call(this, value);
  // MJML drops some elements when empty: an empty value stays part of the structure.
  return escaped === '' ? '' : `${OPEN}${escaped}${CLOSE}`;
}

/** The structure (slots numbered in order) and the values; null when markers are nested or unbalanced. */
export function splitSlots(marked: string): { structure: string; values: string[] } | null {
  const values: string[] = [];
  const structure = marked.replace(MARKED, (_, value: string) => `${OPEN}${values.push(value) - 1}${CLOSE}`);
  const stray = structure.replace(NUMBERED, '');
  return ANY_MARKER.test(stray) ? null : { structure, values };
}

/** Puts the values into compiled HTML; null unless every slot came through MJML intact. */
export function fillSlots(html: string, values: string[]): string | null {
  const seen = new Uint8Array(values.length);
  const filled = html.replace(NUMBERED, (_, index: string) => {
    seen[Number(index)] = 1;
    return values[Number(index)] ?? '';
  });
  return seen.every((flag) => flag === 1) && !ANY_MARKER.test(filled) ? filled : null;
}

/** Compiled HTML per structure; bounded, oldest out first (structures hold no customer values). */
export class CompiledStructures {
  private readonly entries = new Map<string, string>();

  constructor(private readonly limit = 200) {}

  async get(structure: string, compile: (mjml: string) => Promise<string>): Promise<string> {
    const cached = this.entries.get(structure);
    if (cached !== undefined) return cached;
    const html = await compile(structure);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(structure, html);
    return html;
  }
}
