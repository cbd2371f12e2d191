import { emailLinks, offerLink, scoreLink } from './demo-engagement';
import { buildShopScript } from './shop-script';

const reviewHtml = `<p><img src="http://x/t/o/OPEN&amp;1" width="1"></p>
${Array.from({ length: 11 }, (_, score) => `<a href="http://x/t/c/S${score}" style="a">${score}</a>`).join(' ')}
<a href="http://x/u/UNSUB">Unsubscribe</a>`;

describe('demo engagement links', () => {
  it('finds the pixel and the links with their text, decoding entities', () => {
    const found = emailLinks(reviewHtml);
    expect(found.pixel).toBe('http://x/t/o/OPEN&1');
    expect(found.links).toHaveLength(12);
    expect(found.links[11]).toEqual({ href: 'http://x/u/UNSUB', text: 'Unsubscribe' });
  });

  it('picks the score link of the 0-10 row, and none in an email without the row', () => {
    expect(scoreLink(emailLinks(reviewHtml), 9)).toBe('http://x/t/c/S9');
    expect(scoreLink(emailLinks(reviewHtml), 0)).toBe('http://x/t/c/S0');
    expect(scoreLink(emailLinks('<a href="http://x/t/c/A">1</a>'), 1)).toBeNull();
  });

  it('clicks a tracked link, never the unsubscribe link', () => {
    expect(
      offerLink(emailLinks('<a href="http://x/u/T">Unsubscribe</a><a href="http://x/t/c/O">Shop</a>')),
    ).toBe('http://x/t/c/O');
    expect(offerLink(emailLinks('<a href="http://x/u/T">Unsubscribe</a>'))).toBeNull();
  });
});

describe('demo engagement plan', () => {
  const shop = buildShopScript({ seed: 42, customers: 400, runId: 't' });

  it('late buyers always open and click; only customers with a delivery answer the review question', () => {
    for (const customer of shop) {
      if (customer.persona === 'late-buyer') {
        expect(customer.engagement).toMatchObject({ opensReminder: true, clicksReminder: true });
      }
      if (customer.later.length === 0) expect(customer.engagement.npsScore).toBeNull();
      if (customer.engagement.clicksReminder) expect(customer.engagement.opensReminder).toBe(true);
    }
    const scores = shop.flatMap((c) => (c.engagement.npsScore === null ? [] : [c.engagement.npsScore]));
    expect(scores.length).toBeGreaterThan(20);
    expect(scores.every((s) => Number.isInteger(s) && s >= 0 && s <= 10)).toBe(true);
    // All three NPS groups show up, so the map's satisfaction line has something to say.
    expect(
      scores.some((s) => s >= 9) && scores.some((s) => s <= 6) && scores.some((s) => s === 7 || s === 8),
    ).toBe(true);
  });

  it('is the same for the same seed', () => {
    const again = buildShopScript({ seed: 42, customers: 400, runId: 't' });
    expect(again.map((c) => c.engagement)).toEqual(shop.map((c) => c.engagement));
  });
});
