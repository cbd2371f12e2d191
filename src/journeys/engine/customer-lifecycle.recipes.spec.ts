import { buildCustomerLifecycle } from '../definition/templates/customer-lifecycle.template';
import { matchTriggers } from './journey-engine';
import { RunDriver } from './testing/run-driver';
import { aContact, anEvent } from './testing/fixtures';

const definition = buildCustomerLifecycle();

/** Enters the flow the way the router does: the trigger match gives the flow and its key. */
function enter(flowKey: string, name: string, properties: Record<string, unknown> = {}): RunDriver {
  const trigger = anEvent(name, properties);
  const match = matchTriggers(definition, trigger, aContact()).find((m) => m.flowKey === flowKey);
  if (!match) throw new Error(`${name} does not start ${flowKey}`);
  return RunDriver.start(definition, flowKey, trigger, { key: match.key });
}

describe(`${buildCustomerLifecycle.name} recipes`, () => {
  describe('lead nurture', () => {
    it('sends the three welcome emails on day 0, 2 and 4, in order', () => {
      const sut = enter('nurture', 'Lead Created', { source: 'footer' });
      const sentAt: string[] = [];
      const track = () => sentAt.push(sut.now.toISOString());

      track();
      sut.elapse();
      track();
      sut.elapse();
      track();

      expect(sut.emails.map((e) => e.template)).toEqual(['nurture-1', 'nurture-2', 'nurture-3']);
      expect(sentAt).toEqual([
        '2025-03-01T10:00:00.000Z',
        '2025-03-03T10:00:00.000Z',
        '2025-03-05T10:00:00.000Z',
      ]);
      expect(sut.last.status).toBe('completed');
    });

    it('sends nothing more after the first order', () => {
      const sut = enter('nurture', 'Lead Created');
      const timer = sut.last.pendingWakeSeq!;

      sut.event('Order Completed', { order_id: 'o-1' });

      expect(sut.last).toMatchObject({
        status: 'exited',
        log: [{ reason: 'goal reached: Order Completed' }],
      });
      expect(sut.wake(timer).changed).toBe(false);
      expect(sut.emails.map((e) => e.template)).toEqual(['nurture-1']);
    });
  });

  describe('abandoned cart', () => {
    it('sends three reminders after 4 h, 1 day and 2 more days, with the discount only in the last', () => {
      const sut = enter('cart', 'Checkout Started', { cart_id: 'c-17', value: 42 });
      expect(sut.last.log[1].reason).toBe('waiting PT4H for Order Completed (cart c-17)');

      sut.elapse();
      sut.elapse();
      sut.elapse();

      expect(sut.emails.map((e) => [e.template, e.data])).toEqual([
        ['cart-reminder-1', undefined],
        ['cart-reminder-2', undefined],
        ['cart-reminder-3', { discountCode: 'COMEBACK10' }],
      ]);
      expect(sut.now.toISOString()).toBe('2025-03-04T14:00:00.000Z');
      expect(sut.last.status).toBe('completed');
    });

    it('exits on Order Completed for the same cart, even while waiting between reminders', () => {
      const sut = enter('cart', 'Product Added', { cart_id: 'c-17' });
      sut.elapse();

      const result = sut.event('Order Completed', { order_id: 'o-1', cart_id: 'c-17' });

      expect(result).toMatchObject({ status: 'exited', pendingWakeSeq: null });
      expect(result.log[0].reason).toBe('goal reached: Order Completed for cart c-17');
      expect(sut.emails.map((e) => e.template)).toEqual(['cart-reminder-1']);
    });

    it('keeps reminding when the order is for another cart', () => {
      const sut = enter('cart', 'Product Added', { cart_id: 'c-17' });

      expect(sut.event('Order Completed', { order_id: 'o-2', cart_id: 'c-18' }).changed).toBe(false);
      sut.elapse();
      expect(sut.emails.map((e) => e.template)).toEqual(['cart-reminder-1']);
    });

    it('restarts the abandonment timer when the same cart changes', () => {
      const sut = enter('cart', 'Product Added', { cart_id: 'c-17' });

      sut.event('Checkout Started', { cart_id: 'c-17' });

      expect(sut.last.pendingWakeSeq).toBe(2);
      expect(sut.wake(1).changed).toBe(false);
    });
  });

  describe('post-purchase review', () => {
    it('asks for a review 7 days after delivery, then reminds 4 days later', () => {
      const sut = enter('review', 'Order Completed', { order_id: 'o-1' });
      expect(sut.last.position).toBe('await-delivery');

      sut.now = new Date('2025-03-03T09:00:00.000Z');
      sut.event('Order Delivered', { order_id: 'o-1' });
      expect(sut.pendingWake).toMatchObject({ stepId: 'settle-in', delayMs: 7 * 86_400_000 });
      sut.elapse();
      expect(sut.emails.map((e) => [e.template, sut.now.toISOString()])).toEqual([
        ['review-request', '2025-03-10T09:00:00.000Z'],
      ]);
      sut.elapse();

      expect(sut.emails.map((e) => e.template)).toEqual(['review-request', 'review-reminder']);
      expect(sut.last.status).toBe('completed');
    });

    it('asks at once when no delivery arrives within 14 days', () => {
      const sut = enter('review', 'Order Completed', { order_id: 'o-1' });

      sut.elapse();

      expect(sut.last.effects[0]).toMatchObject({
        kind: 'email',
        stepId: 'request-undelivered',
        template: 'review-request',
      });
      expect(sut.last.log[0].reason).toBe('no Order Delivered within P14D (order o-1)');
    });

    it('stops on an NPS answer without an order id', () => {
      const sut = enter('review', 'Order Completed', { order_id: 'o-1' });

      expect(sut.event('NPS Submitted', { score: 10 }).status).toBe('exited');
    });
  });

  describe('NPS follow-up', () => {
    const withUrl = buildCustomerLifecycle({ review: { publicReviewUrl: 'https://g.page/r/acme' } });
    const answer = (score: number, journey = withUrl) =>
      RunDriver.start(journey, 'nps', anEvent('NPS Submitted', { score, category: 'x' }));

    it.each([9, 10])('asks a promoter (%i) for a public review with the URL', (score) => {
      const sut = answer(score);

      expect(sut.emails).toEqual([
        expect.objectContaining({
          template: 'review-public-ask',
          data: { publicReviewUrl: 'https://g.page/r/acme' },
        }),
      ]);
      expect(sut.last.status).toBe('completed');
    });

    it('sends a promoter nothing when no public review URL is configured', () => {
      const sut = answer(10, definition);

      expect(sut.emails).toEqual([]);
      expect(sut.reasons).toContain('branch 1 taken: properties.score >= 9');
    });

    it.each([7, 8])('thanks a passive (%i)', (score) => {
      expect(answer(score).emails.map((e) => e.template)).toEqual(['nps-thanks']);
    });

    it.each([0, 6])(
      'alerts the team about a detractor (%i) before anything else, then holds marketing',
      (score) => {
        const journey = buildCustomerLifecycle({
          review: { alertEmail: 'care@shop.test', detractorHold: 'P7D' },
        });

        const sut = answer(score, journey);

        expect(sut.emails).toEqual([]);
        expect(sut.last.effects).toEqual([
          expect.objectContaining({ kind: 'alert', seq: 1, to: 'care@shop.test' }),
          expect.objectContaining({
            kind: 'hold',
            seq: 2,
            duration: 'P7D',
            reason: 'paused after a detractor answer',
          }),
        ]);
        expect(sut.last.status).toBe('completed');
      },
    );

    it('ignores an answer without a score', () => {
      const sut = RunDriver.start(withUrl, 'nps', anEvent('NPS Submitted', { comment: 'hi' }));

      expect(sut.emails).toEqual([]);
      expect(sut.reasons).toContain('no branch matched, otherwise taken');
    });
  });
});
