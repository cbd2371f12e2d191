import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export interface TrackingRewrite {
  /** Source of the 1x1 open pixel put at the end of the body; no pixel when absent. */
  pixelUrl?: string;
  /** The tracked URL for a link's href, or null to leave that link as it is; no link changes when absent. */
  clickUrl?: (href: string) => string | null;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

function* elements(node: Node): Generator<Element> {
  if ('tagName' in node) yield node;
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) yield* elements(child);
  if ('content' in node && node.content) yield* elements(node.content);
}

/**
 * Adds open and click tracking to an email's HTML. parse5 finds the links and the body's end tag with their source
 * offsets, and only those spans are replaced, so the rest (Outlook conditional comments, MJML's inline styles)
 * stays byte for byte as MJML wrote it.
 */
export function addTracking(html: string, rewrite: TrackingRewrite): string {
  const document = parse(html, { sourceCodeLocationInfo: true });
  const edits: { start: number; end: number; text: string }[] = [];
  let bodyEnd: number | undefined;
  for (const element of elements(document)) {
    if (element.tagName === 'body') bodyEnd = element.sourceCodeLocation?.endTag?.startOffset;
    if (!rewrite.clickUrl || (element.tagName !== 'a' && element.tagName !== 'area')) continue;
    const href = element.attrs.find((attr) => attr.name === 'href');
    const at = element.sourceCodeLocation?.attrs?.href;
    const tracked = href && at ? rewrite.clickUrl(href.value) : null;
    if (tracked && at)
      edits.push({ start: at.startOffset, end: at.endOffset, text: `href="${escapeAttribute(tracked)}"` });
  }
  if (rewrite.pixelUrl) {
    const at = bodyEnd ?? html.length;
    const pixel =
      `<img src="${escapeAttribute(rewrite.pixelUrl)}" width="1" height="1" alt="" ` +
      `style="display:block;width:1px;height:1px;border:0;margin:0;padding:0" />`;
    edits.push({ start: at, end: at, text: pixel });
  }
  return edits
    .sort((a, b) => b.start - a.start)
    .reduce((out, edit) => out.slice(0, edit.start) + edit.text + out.slice(edit.end), html);
}
