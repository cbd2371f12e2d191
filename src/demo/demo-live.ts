import { DELIVERED_AFTER_MS, DEMO_PARAMS } from './demo-params';
import type { DemoMessage, ShopCustomer } from './shop-script';
import { formatDuration } from './text-table';
import { isoDurationToMs } from '../journeys/definition/iso-duration.util';
import { answerReview, engageWithLatest } from './demo-engagement';
import { mapLimit, type TimelineEntry, type TouchpointClient } from './touchpoint-client';

export const BATCH_SIZE = 100;
const CONCURRENCY = 6;
const POLL_MS = 2_000;
const PROGRESS_MS = 10_000;
/** A customer's events of one visit are spread over the minutes before now, in script order. */
const SESSION_STEP_MS = 20_000;

export interface Tally {
  endpoint: string;
  messages: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** Sends messages stamped with the time they happen, and counts what Touchpoint answered. */
export class Sender {
  readonly tallies = new Map<string, Tally>();
  readonly rejections: string[] = [];

  constructor(private readonly client: TouchpointClient) {}

  /** Each customer's messages as one visit ending now, in `/v1/batch` calls of BATCH_SIZE. */
  async batch(visits: DemoMessage[][]): Promise<void> {
    const now = Date.now();
    const stamped = visits.flatMap((visit) =>
      visit.map((m, i) => stamp(m, now - (visit.length - 1 - i) * SESSION_STEP_MS)),
    );
    for (let start = 0; start < stamped.length; start += BATCH_SIZE) {
      const chunk = stamped.slice(start, start + BATCH_SIZE);
      this.count('/v1/batch', chunk.length, await this.client.batch(chunk));
    }
  }

  /** One message at a time through `/v1/track` or `/v1/identify`, as a shop backend reporting it live. */
  async single(message: DemoMessage): Promise<void> {
    this.count(`/v1/${message.type}`, 1, await this.client.single(message.type, stamp(message, Date.now())));
  }

  private count(endpoint: string, messages: number, answer: Awaited<ReturnType<TouchpointClient['batch']>>) {
    const tally = this.tallies.get(endpoint) ?? {
      endpoint,
      messages: 0,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
    };
    tally.messages += messages;
    tally.accepted += answer.accepted;
    tally.duplicates += answer.duplicates;
    tally.rejected += answer.rejected.length;
    this.tallies.set(endpoint, tally);
    for (const r of answer.rejected)
      this.rejections.push(`${r.code}: ${r.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  }
}

const stamp = (message: DemoMessage, at: number) => ({ ...message, timestamp: new Date(at).toISOString() });

export interface LiveOptions {
  client: TouchpointClient;
  sender: Sender;
  shop: ShopCustomer[];
  timeScale: number;
  waitSeconds: number;
  /** Compare the server's real delays with --time-scale (only meaningful when the demo put the params). */
  checkTimeScale: boolean;
  log: (line: string) => void;
}

export interface LiveResult {
  /** Customers who opened their first cart reminder (through its pixel), and who clicked through. */
  opened: number;
  clicked: number;
  /** Review questions answered on the review page. */
  npsAnswered: number;
  lateBought: number;
  lateStillWaiting: number;
  delivered: number;
  deliveriesPending: number;
}

const firstReminderSent = (entries: TimelineEntry[]) =>
  entries.some((e) => e.kind === 'step' && /^reminder-1 sent to /.test(e.reason ?? ''));
const reviewRequestSent = (entries: TimelineEntry[]) =>
  entries.some(
    (e) => e.kind === 'step' && /^request-(after-delivery|undelivered) sent to /.test(e.reason ?? ''),
  );

/**
 * Lets the journeys play out for `waitSeconds`: late buyers buy once their first reminder is out, buyers get
 * Order Delivered a shop day after their order (no later than half-way through the wait), progress every 10 s.
 */
export async function playOut(options: LiveOptions): Promise<LiveResult> {
  const { client, sender, shop, timeScale, waitSeconds, log } = options;
  const start = Date.now();
  const deadline = start + waitSeconds * 1000;
  const deliverAt = start + Math.min(DELIVERED_AFTER_MS / timeScale, (waitSeconds * 1000) / 2);
  // Late buyers, and the abandoners who look at their reminder: both wait for reminder 1.
  let late = shop.filter((c) => c.afterFirstReminder.length > 0 || c.engagement.opensReminder);
  const deliveries = shop.flatMap((c) => c.later);
  let reviewers = shop.filter((c) => c.later.length > 0 && c.engagement.npsScore !== null);
  let delivered = 0;
  let opened = 0;
  let clicked = 0;
  let npsAnswered = 0;
  let lateBought = 0;
  let nextProgress = start + PROGRESS_MS;
  let scaleChecked = !options.checkTimeScale;

  while (Date.now() < deadline) {
    await sleep(Math.min(POLL_MS, deadline - Date.now()));
    if (delivered === 0 && deliveries.length > 0 && Date.now() >= deliverAt) {
      await mapLimit(deliveries, CONCURRENCY, (m) => sender.single(m));
      delivered = deliveries.length;
      log(`  ${elapsed(start)}  sent Order Delivered for ${delivered} orders (through /v1/track)`);
    }
    const ready = await mapLimit(late, CONCURRENCY, async (c) =>
      firstReminderSent(await client.timeline(c.userId)),
    );
    const reached = late.filter((_, i) => ready[i]);
    for (const customer of reached) {
      // Through the email's own pixel and link, so the order is attributed to the reminder.
      if (await engageWithLatest(client, customer).catch(() => false)) {
        opened += 1;
        if (customer.engagement.clicksReminder) clicked += 1;
      }
      for (const m of customer.afterFirstReminder) await sender.single(m);
    }
    const buying = reached.filter((c) => c.afterFirstReminder.length > 0);
    late = late.filter((_, i) => !ready[i]);
    if (buying.length > 0) {
      lateBought += buying.length;
      log(`  ${elapsed(start)}  ${buying.length} customer(s) bought their cart after the first reminder`);
    }
    if (delivered > 0 && reviewers.length > 0) {
      const asked = await mapLimit(reviewers, CONCURRENCY, async (c) =>
        reviewRequestSent(await client.timeline(c.userId)),
      );
      const answering = reviewers.filter((_, i) => asked[i]);
      const answered = await mapLimit(answering, CONCURRENCY, (c) =>
        answerReview(client, c).catch(() => false),
      );
      const done = new Set(answering.filter((_, i) => answered[i]));
      npsAnswered += done.size;
      reviewers = reviewers.filter((c) => !done.has(c));
      if (done.size > 0) log(`  ${elapsed(start)}  ${done.size} customer(s) answered the review question`);
    }
    if (!scaleChecked) scaleChecked = await checkScale(client, shop, timeScale, log);
    if (Date.now() >= nextProgress) {
      nextProgress += PROGRESS_MS;
      const journey = await client.journey('customer-lifecycle').catch(() => null);
      const active = (journey?.versions ?? []).reduce((sum, v) => sum + v.activeRuns, 0);
      log(`  ${elapsed(start)}  active runs ${active}, late buyers waiting for reminder 1: ${late.length}`);
    }
  }
  return {
    opened,
    clicked,
    npsAnswered,
    lateBought,
    lateStillWaiting: late.length,
    delivered,
    deliveriesPending: deliveries.length - delivered,
  };
}

/** Reads one cart run's first wake-up (due minus scheduled) to see the server's real TIME_SCALE; true when done. */
async function checkScale(
  client: TouchpointClient,
  shop: ShopCustomer[],
  timeScale: number,
  log: (l: string) => void,
) {
  const cart = shop.find((c) => c.persona === 'abandoner');
  if (!cart) return true;
  const entries = await client.timeline(cart.userId).catch(() => []);
  const wake = entries.find(
    (e) => e.kind === 'scheduled' && e.summary.startsWith('wake-up for wait-abandon due '),
  );
  if (!wake) return false;
  // The summary's due time is cut to whole seconds: +0.5 s centres the error.
  const due = Date.parse(wake.summary.split(' ')[4]) + 500;
  const real = Math.max(due - Date.parse(wake.at), 1);
  const serverScale = isoDurationToMs(DEMO_PARAMS.cart.firstReminderAfter) / real;
  if (serverScale / timeScale > 1.5 || timeScale / serverScale > 1.5) {
    log(
      `  ! The first cart reminder is due in ${formatDuration(real)}: the service seems to run at TIME_SCALE ≈ ` +
        `${Number(serverScale.toPrecision(2))}, not ${timeScale}. Pass --time-scale to match, or restart it with TIME_SCALE=${timeScale}.`,
    );
  }
  return true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(ms, 0)));
const elapsed = (start: number) => `${String(Math.round((Date.now() - start) / 1000)).padStart(3)}s`;
