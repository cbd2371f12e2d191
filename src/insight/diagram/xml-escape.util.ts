const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

const KEPT_CONTROLS = new Set(['\t', '\n', '\r']);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text safe inside an XML element or a quoted attribute. Characters XML 1.0 forbids outright (control characters
 * but tab and newlines, lone surrogates, U+FFFE/FFFF) cannot be escaped, so they become U+FFFD.
 */
export const escapeXml = (text: string): string =>
  text
    .replace(/[\p{Cc}\ufffe\uffff]/gu, (c) => (KEPT_CONTROLS.has(c) ? c : '\ufffd'))
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]);
