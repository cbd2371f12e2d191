import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

// Browser globals, used only inside page.evaluate (the test build has no DOM lib).
declare const document: any;
declare const window: { innerWidth: number };
declare function getComputedStyle(element: unknown): { color: string; outlineStyle: string };

const QUESTION = 'How likely is it that you would recommend us to a friend or colleague?';
const PUBLIC_REVIEW_URL = 'https://reviews.example.com/acme';
const ALERT_EMAIL = 'care@shop.test';

/**
 * The review and NPS loop in a real headless Chromium: order, delivery, review email, the landing page, the answer,
 * and what the journey does with it.
 */
describe('review and NPS loop in a browser', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let browser: Browser;
  let n = 0;
  const id = () => `br-${Date.now()}-${(n += 1)}`;

  const contact = async (userId: string) => (await sut.request('GET', `/v1/contacts/${userId}`)).body;
  const runOf = async (userId: string, flow: string) =>
    ((await contact(userId)).runs as any[]).find((r) => r.flow === flow);
  const mailsTo = (userId: string) => smtp.to(`${userId}@shop.test`);

  /** A customer whose order was delivered; resolves with the review link from the email, pointed at the app. */
  async function deliveredBuyer(userId: string, traits: Record<string, unknown> = {}): Promise<string> {
    const order = `o-${userId}`;
    await sut.request('POST', '/v1/identify', {
      userId,
      messageId: id(),
      traits: { email: `${userId}@shop.test`, first_name: userId, ...traits },
    });
    await sut.request('POST', '/v1/track', {
      userId,
      event: 'Order Completed',
      messageId: id(),
      properties: { order_id: order, total: 40 },
    });
    await sut.request('POST', '/v1/track', {
      userId,
      event: 'Order Delivered',
      messageId: id(),
      properties: { order_id: order },
    });
    const [request] = await smtp.waitFor((m) => m.to.includes(`${userId}@`));
    const link = /href="(http:\/\/touchpoint\.test\/r\/[A-Za-z0-9_-]+)"/.exec(request.html)?.[1];
    expect(link).toBeDefined();
    return `${sut.url}${new URL(link!).pathname}`;
  }

  async function openPage(url: string, options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    return page;
  }

  async function answer(page: Page, score: number, comment?: string): Promise<void> {
    await page.getByRole('radio', { name: String(score), exact: true }).check();
    if (comment) await page.getByLabel('Anything you would like to tell us? (optional)').fill(comment);
    await Promise.all([
      page.waitForURL(() => true),
      page.getByRole('button', { name: 'Send my answer' }).click(),
    ]);
  }

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://touchpoint.test' });
    const saved = await sut.request('PUT', '/v1/journeys/customer-lifecycle?publish=true', {
      template: 'customer-lifecycle',
      params: {
        review: {
          requestAfterDelivery: 'PT1S',
          requestAfterOrderIfNoDelivery: 'P1D',
          reminderAfter: 'P1D',
          publicReviewUrl: PUBLIC_REVIEW_URL,
          alertEmail: ALERT_EMAIL,
        },
      },
    });
    expect(saved.status).toBe(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await smtp?.stop();
  });

  it('moves a promoter to advocacy and asks for a public review, on the page and by email', async () => {
    const page = await openPage(await deliveredBuyer('promoter'));

    await answer(page, 10, 'Lovely lamp!');

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Thank you!');
    await expect(
      page.getByRole('link', { name: 'Write a public review' }).getAttribute('href'),
    ).resolves.toBe(PUBLIC_REVIEW_URL);
    const [ask] = await smtp.waitFor((m) => m.to.includes('promoter@') && /tell others/.test(m.subject));
    // The HTML link goes through click tracking; the text part keeps the address itself.
    expect(ask.text).toContain(PUBLIC_REVIEW_URL);
    await waitUntil(
      async () => (await runOf('promoter', '$stage'))?.position === 'advocacy',
      10_000,
      'advocacy',
    );
    expect((await runOf('promoter', 'review')).status).toBe('exited');
    await page.context().close();
  });

  it('thanks a passive and sends nothing else; the scale works from the keyboard with a visible focus', async () => {
    const page = await openPage(await deliveredBuyer('passive'));
    const seven = page.getByRole('radio', { name: '7', exact: true });

    await seven.focus();
    await page.keyboard.press('ArrowRight');

    await expect(page.getByRole('radio', { name: '8', exact: true }).isChecked()).resolves.toBe(true);
    const outline = await page
      .locator('label[for="score-8"]')
      .evaluate((label) => getComputedStyle(label).outlineStyle);
    expect(outline).toBe('solid');
    await Promise.all([
      page.waitForURL(() => true),
      page.getByRole('button', { name: 'Send my answer' }).click(),
    ]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Thank you for your feedback',
    );
    await expect(page.getByRole('link', { name: 'Write a public review' }).count()).resolves.toBe(0);
    const [thanks] = await smtp.waitFor(
      (m) => m.to.includes('passive@') && m.subject === 'Thank you for your feedback',
    );
    expect(thanks.html).toContain('passive');
    await waitUntil(
      async () => (await runOf('passive', 'nps'))?.status === 'completed',
      10_000,
      'nps flow done',
    );
    expect(mailsTo('passive').map((m: ReceivedMail) => m.subject)).toEqual([
      expect.stringMatching(/^How was your order/),
      'Thank you for your feedback',
    ]);
    expect((await runOf('passive', '$stage')).position).toBe('retention');
    await page.context().close();
  });

  it('alerts the team about a detractor before anything else, then holds marketing email with the reason', async () => {
    const page = await openPage(await deliveredBuyer('detractor'));
    const sentBefore = smtp.messages.length;

    await answer(page, 3, 'The lamp arrived broken.');

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Thank you for telling us',
    );
    const [alert] = await smtp.waitFor((m) => m.to.includes(ALERT_EMAIL));
    expect(alert.text).toContain('detractor@shop.test');
    expect(alert.text).toContain('3 out of 10');
    expect(alert.text).toContain('The lamp arrived broken.');
    const after = smtp.messages.slice(sentBefore);
    expect(after[0]).toBe(alert);
    expect(after.filter((m) => m.to.includes('detractor@'))).toEqual([]);
    expect((await runOf('detractor', 'review')).status).toBe('exited');

    await sut.request('POST', '/v1/track', { userId: 'detractor', event: 'Lead Created', messageId: id() });

    const skipped = await waitUntil(
      async () =>
        ((await sut.request('GET', '/v1/contacts/detractor/timeline')).body.entries as any[]).find(
          (e) => e.kind === 'step' && /^nurture-1 skipped: /.test(e.reason ?? ''),
        ),
      10_000,
      'nurture-1 skipped',
    );
    expect(skipped.reason).toMatch(
      /^nurture-1 skipped: marketing hold: paused after a detractor answer until \d{4}-\d\d-\d\dT/,
    );
    expect(mailsTo('detractor').map((m) => m.subject)).toEqual([
      expect.stringMatching(/^How was your order/),
    ]);
    expect((await runOf('detractor', '$stage')).position).toBe('retention');
    await page.context().close();
  });

  it('works without JavaScript, pre-selecting the score the email button chose', async () => {
    await deliveredBuyer('nojs');
    const [request] = mailsTo('nojs');
    const button = /href="http:\/\/touchpoint\.test(\/r\/[A-Za-z0-9_-]+\?score=9)"/.exec(request.html)?.[1];
    expect(button).toBeDefined();
    const page = await openPage(`${sut.url}${button}`, { javaScriptEnabled: false });

    await expect(page.getByRole('radio', { name: '9', exact: true }).isChecked()).resolves.toBe(true);
    await Promise.all([
      page.waitForURL(() => true),
      page.getByRole('button', { name: 'Send my answer' }).click(),
    ]);

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Thank you!');
    await waitUntil(async () => (await runOf('nojs', '$stage'))?.position === 'advocacy', 10_000, 'advocacy');
    await page.context().close();
  });

  it('speaks Dutch to a contact with locale nl', async () => {
    const page = await openPage(await deliveredBuyer('dutch', { locale: 'nl' }));

    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('nl');
    await expect(
      page
        .getByRole('group', {
          name: 'Hoe waarschijnlijk is het dat je ons zou aanbevelen aan een vriend of collega?',
        })
        .count(),
    ).resolves.toBe(1);
    await page.getByRole('radio', { name: '7', exact: true }).check();
    await Promise.all([
      page.waitForURL(() => true),
      page.getByRole('button', { name: 'Verstuur mijn antwoord' }).click(),
    ]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Bedankt voor je feedback',
    );
    const [thanks] = await smtp.waitFor(
      (m) => m.to.includes('dutch@') && m.subject === 'Bedankt voor je feedback',
    );
    expect(thanks.text).toContain('Hallo dutch');
    await page.context().close();
  });

  it('passes an accessibility smoke check and fits a phone screen', async () => {
    const page = await openPage(await deliveredBuyer('a11y'), { viewport: { width: 360, height: 740 } });

    const group = page.getByRole('group', { name: QUESTION });
    await expect(group.getByRole('radio').count()).resolves.toBe(11);
    await expect(page.getByLabel('Anything you would like to tell us? (optional)').count()).resolves.toBe(1);
    const report = await page.evaluate(() => {
      const luminance = (color: string) => {
        const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? [])
          .slice(0, 3)
          .map(Number)
          .map((v) => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const contrast = (el: unknown, background: string) => {
        const [a, b] = [luminance(getComputedStyle(el).color), luminance(background)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
      };
      const white = 'rgb(255, 255, 255)';
      const fields: { labels: { textContent: string | null }[] | null }[] = [
        ...document.querySelectorAll('input, textarea'),
      ];
      return {
        lang: document.documentElement.lang,
        legend: document.querySelector('fieldset > legend')?.textContent,
        unlabelled: fields.filter(
          (f) => !f.labels || f.labels.length === 0 || !f.labels[0].textContent?.trim(),
        ).length,
        describedBy: document.querySelector('fieldset')?.getAttribute('aria-describedby'),
        scale: document.getElementById('score-scale')?.textContent,
        minContrast: Math.min(
          ...[...document.querySelectorAll('legend, label, p, h1, button')].map((el: { tagName: string }) =>
            contrast(el, el.tagName === 'BUTTON' ? 'rgb(17, 24, 39)' : white),
          ),
        ),
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        smallestTarget: Math.min(
          ...[...document.querySelectorAll('.score label')].map(
            (label: { getBoundingClientRect(): { height: number } }) => label.getBoundingClientRect().height,
          ),
        ),
      };
    });
    expect(report).toMatchObject({
      lang: 'en',
      legend: QUESTION,
      unlabelled: 0,
      describedBy: 'score-scale',
      scale: '0 = not at all likely, 10 = extremely likely',
      overflow: 0,
    });
    expect(report.minContrast).toBeGreaterThanOrEqual(4.5);
    expect(report.smallestTarget).toBeGreaterThanOrEqual(44);
    await page.getByRole('radio', { name: '9', exact: true }).check();
    await page.screenshot({ path: '/tmp/review-page-phone.png', fullPage: true });
    await page.context().close();
  });
});
