import type { FastifyReply } from 'fastify';
import { documentHead, escapeHtml } from '../http/token-page';

export { escapeHtml };

/** A rendered dashboard page and its HTTP status. */
export interface WebPage {
  status: number;
  html: string;
}

// Nothing external: styles are inline, charts are inline SVG, emails render in sandboxed srcdoc frames (which
// inherit this policy, so a previewed email cannot load remote images or count an open).
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'",
};

export async function sendWebPage(reply: FastifyReply, page: WebPage): Promise<void> {
  await reply.status(page.status).headers(HEADERS).send(page.html);
}

// Colour pairs pass WCAG AA; tables scroll inside their container so the page never overflows a phone.
const STYLE = `*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827;line-height:1.5}
header{background:#111827;color:#fff}
header .bar{max-width:80rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
header .brand{font-weight:700;margin-right:auto}
header nav{display:flex;flex-wrap:wrap;gap:0 1rem}
header a,header button{color:#fff;background:none;border:0;font:inherit;padding:.5rem 0;cursor:pointer;text-decoration:underline}
header form{margin:0}
main{max-width:80rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 .75rem;overflow-wrap:anywhere}
h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
h3{font-size:1rem;margin:0 0 .5rem}
p{margin:0 0 1rem}
a{color:#1d4ed8}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.muted{color:#4b5563}
.card{background:#fff;border-radius:.5rem;padding:1rem;box-shadow:0 1px 3px rgba(0,0,0,.12);margin-bottom:1rem;min-width:0}
.tabs{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0 0 1rem;padding:0;list-style:none}
.tabs a[aria-current]{font-weight:700;color:#111827;text-decoration:none;border-bottom:3px solid #111827}
.period{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0 0 1rem}
select,input[type=text],input[type=search],input[type=password]{font:inherit;padding:.5rem .75rem;border:2px solid #6b7280;border-radius:.5rem;background:#fff;color:inherit;max-width:100%}
button.primary{font:inherit;font-weight:600;padding:.5rem 1rem;min-height:2.75rem;border:0;border-radius:.5rem;background:#111827;color:#fff;cursor:pointer}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:.375rem .5rem;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
tbody th{min-width:11rem;font-weight:400}
td.n,th.n{text-align:right;white-space:nowrap}
.stages{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(13rem,1fr);gap:.75rem;overflow-x:auto;padding-bottom:.5rem}
@media (max-width:40rem){.stages{grid-auto-flow:row;grid-auto-columns:auto}}
.stage{background:#fff;border-radius:.5rem;padding:.75rem;border:2px solid #e5e7eb;min-width:0}
.stage.leak{border-color:#b91c1c;background:#fef2f2}.stage .headline{margin:.25rem 0 .25rem;font-size:.9rem}
.stage .headline [data-testid=now]{font-size:1.75rem;font-weight:700;font-variant-numeric:tabular-nums;color:#111827}
.stage .meter{height:.5rem;background:#e5e7eb;border-radius:.25rem;overflow:hidden;margin-bottom:.5rem}
.stage .meter span{display:block;height:100%;background:#1d4ed8}
.onward{margin:.25rem 0 .5rem;font-weight:600;font-size:.9rem;padding:.125rem .4rem;border-radius:.25rem;display:inline-block}
.onward.good{background:#dcfce7;color:#14532d}
.onward.warn{background:#fef3c7;color:#78350f}
.onward.bad{background:#fee2e2;color:#7f1d1d}
.stage dl{display:grid;grid-template-columns:1fr auto;gap:.125rem .5rem;margin:.5rem 0}
.stage dt{color:#4b5563}
.stage dd{margin:0;text-align:right;font-weight:600;font-variant-numeric:tabular-nums}
.stage ul,.plain{margin:0;padding-left:1.1rem}
.callout{border-left:4px solid #b91c1c;background:#fef2f2;padding:.75rem 1rem;border-radius:.25rem;margin-bottom:1rem}
.note{border-left:4px solid #1d4ed8;background:#eff6ff;padding:.75rem 1rem;border-radius:.25rem;margin-bottom:1rem}
.badge{display:inline-block;padding:0 .4rem;border-radius:.25rem;background:#e5e7eb;font-size:.875rem}
.badge.bad{background:#fee2e2;color:#7f1d1d}
.badge.warn{background:#fef3c7;color:#78350f}
figure{margin:0 0 1rem}
figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:.875rem;color:#4b5563}
iframe{width:100%;height:32rem;border:1px solid #d1d5db;border-radius:.25rem;background:#fff}
details{margin-bottom:.5rem}
summary{cursor:pointer;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.875rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
.facts dt{color:#4b5563}
.facts dd{margin:0;font-weight:600;overflow-wrap:anywhere}
@media (max-width:30rem){.facts{grid-template-columns:1fr}.facts dd{margin-bottom:.25rem}}
.sub{margin:.5rem 0 .25rem;font-size:.875rem;color:#4b5563}
.narrow{max-width:32rem;margin:2rem auto}
.wide{width:100%}
.error{color:#b91c1c;font-weight:600}`;

export interface LayoutInput {
  title: string;
  /** The workspace's name; null on pages shown before login. */
  workspace: string | null;
  body: string;
  /** Whether the request came with the session cookie (then the header offers to log out). */
  session?: boolean;
}

/** The document around every dashboard page: phone-width viewport, the header with navigation, no indexing. */
export function layout({ title, workspace, body, session = true }: LayoutInput): string {
  const nav =
    workspace === null
      ? ''
      : `<nav aria-label="Dashboard"><a href="/app">Journeys</a><a href="/app/customers">Customers</a><a href="/app/mailbox">Mailbox</a></nav>
${session ? '<form method="post" action="/app/logout"><button type="submit">Log out</button></form>' : ''}`;
  return `${documentHead('en', workspace ? `${title} · ${workspace} · Touchpoint` : `${title} · Touchpoint`, STYLE)}
<body>
<header><div class="bar"><span class="brand">Touchpoint${workspace ? ` · ${escapeHtml(workspace)}` : ''}</span>
${nav}</div></header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** A page that only says what went wrong: a bad parameter, an unknown journey, a refused key. */
export function messagePage(status: number, title: string, text: string, workspace: string | null): WebPage {
  const body = `<h1>${escapeHtml(title)}</h1>\n<p data-testid="message">${escapeHtml(text)}</p>\n<p><a href="/app">Back to the journeys</a></p>`;
  return { status, html: layout({ title, workspace, body, session: workspace !== null }) };
}

/** A number cell or value with its raw value for tools and tests. */
export const num = (testId: string, value: number | null, text: string, tag = 'span', attrs = '') =>
  `<${tag}${attrs} data-testid="${testId}" data-value="${value ?? ''}">${escapeHtml(text)}</${tag}>`;

/** A table cell holding a number. */
export const numCell = (testId: string, value: number | null, text: string) =>
  num(testId, value, text, 'td', ' class="n"');
