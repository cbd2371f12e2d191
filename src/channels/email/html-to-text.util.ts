// A small HTML-to-plain-text conversion for the text/plain alternative of MJML output, kept in-house so the
// runtime needs no extra dependency (html-to-text is only present as a dev dependency of mailparser).

const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  zwnj: '',
  zwj: '',
  shy: '',
  euro: '€',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] !== '#') return namedEntities[body.toLowerCase()] ?? entity;
    const code =
      body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    // Invisible joiners that MJML pads the preview with (U+034F) disappear like &zwnj;.
    if (code === 0x34f || code > 0x10ffff) return '';
    return String.fromCodePoint(code);
  });
}

function linkToText(_match: string, attributes: string, inner: string): string {
  const href = /\bhref\s*=\s*"([^"]*)"/i.exec(attributes)?.[1];
  const label = inner.replace(/<[^>]*>/g, '').trim();
  if (!href || href.startsWith('mailto:') || decodeEntities(label) === decodeEntities(href)) return inner;
  // A link with only an image (a product photo) would repeat the URL of the product's name link.
  return label ? `${inner} (${href})` : '';
}

/** Converts rendered email HTML to readable plain text: block elements become lines, links show their URL. */
export function htmlToPlainText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<div[^>]*display:\s*none[^>]*>[\s\S]*?<\/div>/gi, '')
    .replace(/\s+/g, ' ')
    .replace(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi, linkToText)
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<(br|hr)\b[^>]*>/gi, '\n')
    // Both edges of a block end the line; the blank lines this leaves between paragraphs are capped below.
    .replace(/<\/?(p|div|tr|table|h[1-6]|ul|ol)\b[^>]*>/gi, '\n')
    .replace(/<\/td>/gi, ' ')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
