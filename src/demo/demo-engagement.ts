// What demo customers do with their email: open it, click through, answer the review question. Everything goes
// through the real links in the rendered email (the dev mailbox), so the opens, clicks, attributions and NPS
// answers on the dashboard come about the way a real reader's would.
import type { ShopCustomer } from './shop-script';
import type { TouchpointClient } from './touchpoint-client';

export interface EmailLinks {
  /** The open-tracking pixel's URL. */
  pixel: string | null;
  /** Links in document order, with their text. */
  links: { href: string; text: string }[];
}

const decode = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The pixel and links of a rendered email (regular expressions are enough for the HTML Touchpoint itself writes). */
export function emailLinks(html: string): EmailLinks {
  const pixel = /<img[^>]+src="([^"]*\/t\/o\/[^"]+)"/.exec(html)?.[1] ?? null;
  const links = [...html.matchAll(/<a\b[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: decode(m[1]),
    text: decode(m[2].replace(/<[^>]+>/g, '')).trim(),
  }));
  return { pixel: pixel === null ? null : decode(pixel), links };
}

/** The review email's link for `score`: its 0-10 row is eleven links whose text is the number. */
export function scoreLink({ links }: EmailLinks, score: number): string | null {
  const row = links.filter((link) => /^(10|[0-9])$/.test(link.text));
  if (row.length < 11) return null;
  return row.find((link) => link.text === String(score))?.href ?? null;
}

/** The first link a reader would click for the offer: tracked, and not the unsubscribe link. */
export function offerLink({ links }: EmailLinks): string | null {
  return links.find((link) => link.href.includes('/t/c/'))?.href ?? null;
}

/** Opens (and clicks, if the customer does) the newest email that has tracked links; false when none is there yet. */
export async function engageWithLatest(client: TouchpointClient, customer: ShopCustomer): Promise<boolean> {
  for (const message of await client.mailbox(customer.email)) {
    const found = emailLinks(await client.mailboxHtml(message.effectId));
    if (!found.pixel) continue;
    await client.visit(found.pixel);
    const offer = offerLink(found);
    if (customer.engagement.clicksReminder && offer) await client.visit(offer);
    return true;
  }
  return false;
}

/** Answers the review request's question with the customer's score; false when the email is not there yet. */
export async function answerReview(client: TouchpointClient, customer: ShopCustomer): Promise<boolean> {
  const score = customer.engagement.npsScore;
  if (score === null) return true;
  for (const message of await client.mailbox(customer.email)) {
    const link = scoreLink(emailLinks(await client.mailboxHtml(message.effectId)), score);
    if (!link) continue;
    // A tracked link redirects to the review page; an untracked one is the page itself.
    const page = link.includes('/t/c/') ? await client.visit(link) : link;
    if (!page) return false;
    const url = new URL(page, link);
    url.search = '';
    await client.visit(url.href, { score: String(score) });
    return true;
  }
  return false;
}
