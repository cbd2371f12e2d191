import { resolveEmailLocale } from './email-locale.util';

describe(resolveEmailLocale.name, () => {
  it.each([
    ['nl', 'nl'],
    ['nl-NL', 'nl'],
    ['nl_BE', 'nl'],
    [' NL ', 'nl'],
    ['en-GB', 'en'],
    ['de-DE', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    [42, 'en'],
  ])('maps %p to %p', (input, expected) => {
    expect(resolveEmailLocale(input)).toBe(expected);
  });
});
