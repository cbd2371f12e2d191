import { evaluateCondition } from './evaluate-condition';
import { aContact } from './testing/fixtures';

describe(evaluateCondition.name, () => {
  const scope = {
    properties: {
      score: '9',
      total: 120,
      sku: 'A-1',
      tags: ['gift', 'sale'],
      note: 'please wrap',
      empty: null,
    },
    trigger: { properties: { source: 'footer' } },
    contact: aContact({ vip: true, country: 'DE' }),
  };
  const sut = (condition: Parameters<typeof evaluateCondition>[0]) => evaluateCondition(condition, scope);

  it.each([
    [{ 'properties.sku': { eq: 'A-1' } }, true],
    [{ 'properties.sku': { ne: 'A-1' } }, false],
    [{ 'properties.score': { gte: 9 } }, true],
    [{ 'properties.score': { gt: 9 } }, false],
    [{ 'properties.total': { gt: 100, lt: 200 } }, true],
    [{ 'properties.total': { lte: '119.5' } }, false],
    [{ 'properties.sku': { gt: 5 } }, false],
    [{ 'properties.sku': { in: ['B-2', 'A-1'] } }, true],
    [{ 'properties.tags': { contains: 'sale' } }, true],
    [{ 'properties.note': { contains: 'wrap' } }, true],
    [{ 'properties.empty': { exists: false } }, true],
    [{ 'properties.missing': { exists: true } }, false],
    [{ 'properties.missing': { ne: 'x' } }, true],
    [{ 'trigger.properties.source': { eq: 'footer' } }, true],
    [{ 'contact.traits.vip': { eq: true } }, true],
    [{ 'contact.id': { eq: 'contact-1' } }, true],
  ])('evaluates %j as %s', (condition, expected) => {
    expect(sut(condition)).toBe(expected);
  });

  it('ANDs the keys of one object and nests all, any and not', () => {
    expect(sut({ 'contact.traits.vip': { eq: true }, 'contact.traits.country': { eq: 'FR' } })).toBe(false);
    expect(
      sut({ any: [{ 'contact.traits.country': { eq: 'FR' } }, { 'properties.total': { gte: 100 } }] }),
    ).toBe(true);
    expect(
      sut({ all: [{ 'contact.traits.vip': { eq: true } }], not: { 'properties.sku': { eq: 'A-1' } } }),
    ).toBe(false);
  });

  it('does not read through the prototype chain', () => {
    expect(sut({ 'properties.constructor': { exists: true } })).toBe(false);
  });
});
