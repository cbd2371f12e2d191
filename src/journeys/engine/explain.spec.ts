import { describeCondition, explain } from './explain';

describe(describeCondition.name, () => {
  it('puts a condition in words', () => {
    const sut = describeCondition({
      'properties.score': { gte: 9 },
      any: [{ 'contact.traits.vip': { eq: true } }, { 'contact.traits.email': { exists: false } }],
      not: { 'properties.sku': { in: ['A', 'B'] } },
    });

    expect(sut).toBe(
      'properties.score >= 9 and (contact.traits.vip = true or contact.traits.email is missing) and not (properties.sku in ["A","B"])',
    );
  });
});

describe('explain', () => {
  it('names the key of keyed goals and skips', () => {
    expect(explain.goalReached('Order Completed', 'cart', 'c-17')).toBe(
      'goal reached: Order Completed for cart c-17',
    );
    expect(explain.skipped('reminder-2', 'goal reached')).toBe('reminder-2 skipped: goal reached');
  });
});
