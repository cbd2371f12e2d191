import { isoDurationToMs } from '../journeys/definition/iso-duration.util';
import { formatDuration, textTable } from './text-table';

export const DEMO_JOURNEY = 'customer-lifecycle';

/**
 * The default journey's params, spelled out: the recipes' realistic timings (TIME_SCALE on the server shortens
 * them, not the demo), so a journey edited by hand earlier is put back to values this printout can explain.
 * Equal to the template defaults, so re-running the demo publishes no new version.
 */
export const DEMO_PARAMS = {
  nurture: { delays: ['P2D', 'P2D'] },
  cart: {
    firstReminderAfter: 'PT4H',
    secondReminderAfter: 'P1D',
    lastReminderAfter: 'P2D',
    discountCode: 'COMEBACK10',
    cooldown: 'P7D',
  },
  review: { requestAfterDelivery: 'P7D', requestAfterOrderIfNoDelivery: 'P14D', reminderAfter: 'P4D' },
};

/** When the demo sends Order Delivered for the buyers who get one (shop time after their order). */
export const DELIVERED_AFTER_MS = 86_400_000;

const ms = isoDurationToMs;

/** Each email of the journey and when it is due, in shop time from the event that starts its flow. */
export function journeyTimings(params = DEMO_PARAMS): { step: string; after: string; dueMs: number }[] {
  const { nurture, cart, review } = params;
  const welcome = nurture.delays.map((_, i) =>
    nurture.delays.slice(0, i + 1).reduce((sum, d) => sum + ms(d), 0),
  );
  const reminder1 = ms(cart.firstReminderAfter);
  const reminder2 = reminder1 + ms(cart.secondReminderAfter);
  const request = DELIVERED_AFTER_MS + ms(review.requestAfterDelivery);
  return [
    { step: 'nurture-1', after: 'Lead Created', dueMs: 0 },
    ...welcome.map((dueMs, i) => ({ step: `nurture-${i + 2}`, after: 'Lead Created', dueMs })),
    { step: 'reminder-1', after: 'last cart event, no order', dueMs: reminder1 },
    { step: 'reminder-2', after: 'last cart event', dueMs: reminder2 },
    {
      step: 'reminder-3',
      after: 'last cart event (discount)',
      dueMs: reminder2 + ms(cart.lastReminderAfter),
    },
    { step: 'request-after-delivery', after: 'order, delivered +1d', dueMs: request },
    {
      step: 'request-undelivered',
      after: 'order, never delivered',
      dueMs: ms(review.requestAfterOrderIfNoDelivery),
    },
    { step: 'review-reminder', after: 'review request', dueMs: request + ms(review.reminderAfter) },
  ];
}

export function expectations(timeScale: number, waitSeconds: number): string {
  const rows = journeyTimings().map(({ step, after, dueMs }) => [
    step,
    after,
    dueMs === 0 ? 'at once' : formatDuration(dueMs),
    dueMs === 0 ? 'at once' : formatDuration(dueMs / timeScale),
    dueMs / timeScale <= waitSeconds * 1000 ? 'yes' : 'later',
  ]);
  const lines = [
    `What to expect at TIME_SCALE ${timeScale} (the service must run with it; delays are divided by it):`,
    textTable(['email', 'counted from', 'shop time', 'real time', `in ${waitSeconds}s`], rows),
  ];
  if (timeScale === 1) {
    lines.push(
      '  Note: at TIME_SCALE 1 only the first welcome emails go out now; cart reminders start in 4 hours.',
      '  Start the service with e.g. TIME_SCALE=3600 npm start and pass --time-scale 3600.',
    );
  }
  return lines.join('\n');
}
