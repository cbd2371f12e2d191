import { aJourney, anEvent, aContact } from './testing/fixtures';
import { goalMatches, matchTriggers } from './event-matching';
import { buildCustomerLifecycle } from '../definition/templates/customer-lifecycle.template';

describe(matchTriggers.name, () => {
  const definition = buildCustomerLifecycle();
  const sut = (name: string, properties: Record<string, unknown>) =>
    matchTriggers(definition, anEvent(name, properties), aContact());

  it('returns each flow the event starts, with the first non-empty key path as key', () => {
    expect(sut('Checkout Started', { cart_id: '', checkout_id: 'co-1' })).toEqual([
      { flowKey: 'cart', key: 'co-1' },
    ]);
    expect(sut('Order Completed', { order_id: 1001 })).toEqual([{ flowKey: 'review', key: '1001' }]);
    expect(sut('Lead Created', {})).toEqual([{ flowKey: 'nurture', key: null }]);
  });

  it('skips a keyed flow when the event carries no key, and flows it does not trigger', () => {
    expect(sut('Product Added', { sku: 'A-1' })).toEqual([]);
    expect(sut('Product Viewed', { cart_id: 'c-1' })).toEqual([]);
  });

  it('applies the trigger condition with the contact in scope', () => {
    const vipOnly = aJourney([{ id: 'mail', type: 'email', template: 'mail' }], {
      trigger: {
        event: 'Start',
        where: { 'contact.traits.vip': { eq: true }, 'properties.total': { gte: 50 } },
      },
    });

    expect(matchTriggers(vipOnly, anEvent('Start', { total: 60 }), aContact({ vip: true }))).toHaveLength(1);
    expect(matchTriggers(vipOnly, anEvent('Start', { total: 60 }), aContact())).toHaveLength(0);
  });
});

describe(goalMatches.name, () => {
  const keyPaths = ['properties.cart_id', 'properties.checkout_id'];

  it('needs the run key on some key path for sameKey goals', () => {
    const goal = { event: 'Order Completed', sameKey: true };

    expect(goalMatches(goal, anEvent('Order Completed', { checkout_id: 'c-1' }), 'c-1', { keyPaths })).toBe(
      true,
    );
    expect(goalMatches(goal, anEvent('Order Completed', { cart_id: 'c-2' }), 'c-1', { keyPaths })).toBe(
      false,
    );
    expect(goalMatches(goal, anEvent('Order Completed', { cart_id: 'c-1' }), null, { keyPaths })).toBe(false);
  });

  it('checks the event name and the where condition', () => {
    const goal = { event: ['NPS Submitted', 'Review Left'], where: { 'properties.score': { gte: 9 } } };

    expect(goalMatches(goal, anEvent('Review Left', { score: 10 }), null, { keyPaths: [] })).toBe(true);
    expect(goalMatches(goal, anEvent('NPS Submitted', { score: 3 }), null, { keyPaths: [] })).toBe(false);
    expect(goalMatches(goal, anEvent('Order Completed', { score: 10 }), null, { keyPaths: [] })).toBe(false);
  });
});
