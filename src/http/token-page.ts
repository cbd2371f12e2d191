import type { FastifyReply } from 'fastify';

/** A server-rendered page answering a signed link (review, preferences, confirmation). */
export interface PageResult {
  status: number;
  html: string;
}

// The token in the URL is the only credential: never cached, never sent on as a Referer, never framed.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

export async function sendPage(reply: FastifyReply, page: PageResult): Promise<void> {
  await reply.status(page.status).headers(PAGE_HEADERS).send(page.html);
}

export const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Doctype and head of every page Touchpoint serves: language, phone-width viewport, no indexing, inline style. */
export function documentHead(locale: string, title: string, style: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>`;
}

/** The document around a page's body: language, phone-width viewport, no indexing, the workspace's name. */
export function htmlDocument(
  locale: string,
  workspace: string,
  title: string,
  body: string,
  style: string,
): string {
  return `${documentHead(locale, workspace ? `${title} · ${workspace}` : title, style)}
<body>
<main>
${workspace ? `<p class="brand">${escapeHtml(workspace)}</p>\n` : ''}<div class="card">
${body}
</div>
</main>
</body>
</html>
`;
}
