import { inHoldout } from './holdout';

const ids = Array.from({ length: 10_000 }, (_, i) => `contact-${i}`);
const share = (journeyId: string, percent: number) =>
  ids.filter((id) => inHoldout(journeyId, id, percent)).length / ids.length;

describe(inHoldout.name, () => {
  it('answers the same for the same journey and contact, every time', () => {
    const first = ids.slice(0, 200).map((id) => inHoldout('j-1', id, 30));

    expect(ids.slice(0, 200).map((id) => inHoldout('j-1', id, 30))).toEqual(first);
  });

  it.each([10, 25, 50])('holds out close to %p % of 10,000 contacts', (percent) => {
    // Binomial sd at 50 % is 0.5 %; the ids are fixed, so this is not flaky.
    expect(Math.abs(share('j-1', percent) - percent / 100)).toBeLessThan(0.015);
  });

  it('holds out nobody at 0 %', () => {
    expect(share('j-1', 0)).toBe(0);
  });

  it('splits each journey on its own, so a contact held out of one is not held out of all', () => {
    const heldA = ids.filter((id) => inHoldout('j-a', id, 50));
    const heldInBoth = heldA.filter((id) => inHoldout('j-b', id, 50)).length / heldA.length;

    expect(Math.abs(heldInBoth - 0.5)).toBeLessThan(0.03);
  });

  it('grows the group with the percent: held out at 10 % stays held out at 20 %', () => {
    const at10 = ids.filter((id) => inHoldout('j-1', id, 10));

    expect(at10.every((id) => inHoldout('j-1', id, 20))).toBe(true);
  });
});
