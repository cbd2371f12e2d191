import { ChannelCapSchema } from './frequency-cap.schema';
import { decideSendPolicy, YIELD_MS, type SendPolicyFacts } from './send-policy';
import { SendWindowSchema } from './send-window.schema';
import { jitterMs } from './send-window.util';

const AMS = 'Europe/Amsterdam';
const HOUR = 3_600_000;
// Saturday 2026-03-28 12:00 CET: inside a 09:00-20:00 window.
const NOON = new Date('2026-03-28T11:00:00Z');

function facts(overrides: Partial<SendPolicyFacts> = {}): SendPolicyFacts {
  return {
    now: NOON,
    effectId: 'run-1.2',
    messageClass: 'marketing',
    zone: AMS,
    window: SendWindowSchema.parse({ enabled: false }),
    windowSource: 'workspace',
    cap: null,
    priority: 50,
    recentSends: [],
    competitors: [],
    ...overrides,
  };
}
const window = SendWindowSchema.parse({ start: '09:00', end: '20:00', jitter: 'PT15M' });
const cap = (input: { max: number; per: string; mode?: 'defer' | 'skip' }) => ChannelCapSchema.parse(input);

describe(decideSendPolicy.name, () => {
  it('sends when the window is open and there is no cap', () => {
    const sut = decideSendPolicy(facts({ window }));

    expect(sut).toEqual({ action: 'send' });
  });

  it('defers a send in quiet hours to the next opening plus the effect jitter, across the DST change', () => {
    // Saturday 22:00 CET; Sunday 09:00 is CEST after the change.
    const now = new Date('2026-03-28T21:00:00Z');

    const sut = decideSendPolicy(facts({ now, window }));

    const jitter = jitterMs('run-1.2', 15 * 60_000);
    expect(sut).toMatchObject({ action: 'defer', until: new Date(Date.UTC(2026, 2, 29, 7) + jitter) });
    expect(sut.action === 'defer' && sut.reason).toMatch(
      /^deferred to 2026-03-29T09:\d\d:\d\d\+02:00 \(Europe\/Amsterdam\): quiet hours \(workspace window 09:00-20:00 every day\)$/,
    );
  });

  it('lets transactional mail through quiet hours unless the window says otherwise', () => {
    const night = new Date('2026-03-28T23:00:00Z');

    expect(decideSendPolicy(facts({ now: night, window, messageClass: 'transactional' }))).toEqual({
      action: 'send',
    });
    expect(
      decideSendPolicy(
        facts({ now: night, window: { ...window, transactional: true }, messageClass: 'transactional' }),
      ).action,
    ).toBe('defer');
  });

  it('skips a marketing send over the cap in skip mode, naming the cap and the last send', () => {
    const sut = decideSendPolicy(
      facts({
        cap: cap({ max: 1, per: 'PT16H', mode: 'skip' }),
        recentSends: [new Date(NOON.getTime() - HOUR)],
      }),
    );

    expect(sut).toEqual({
      action: 'skip',
      reason:
        'frequency cap of 1 marketing email per PT16H reached (1 sent, the last at 2026-03-28T11:00:00+01:00)',
    });
  });

  it('defers a send over the cap to when the oldest counted send ages out', () => {
    const sends = [new Date(NOON.getTime() - 3 * HOUR), new Date(NOON.getTime() - HOUR)];

    const sut = decideSendPolicy(facts({ cap: cap({ max: 2, per: 'PT4H' }), recentSends: sends }));

    expect(sut).toMatchObject({ action: 'defer', until: new Date(NOON.getTime() + HOUR) });
  });

  it('defers past the cap into the next window opening when the cap frees in quiet hours', () => {
    const sut = decideSendPolicy(
      facts({ window, cap: cap({ max: 1, per: 'PT16H' }), recentSends: [new Date(NOON.getTime() - HOUR)] }),
    );

    // Frees at 03:00 CEST on Sunday, in quiet hours: the window opens at 09:00 CEST.
    const jitter = jitterMs('run-1.2', 15 * 60_000);
    expect(sut).toMatchObject({ action: 'defer', until: new Date(Date.UTC(2026, 2, 29, 7) + jitter) });
    expect(sut.action === 'defer' && sut.reason).toContain('then quiet hours until the window opens');
  });

  it('ignores transactional mail and sends older than the period for the cap', () => {
    const capped = cap({ max: 1, per: 'PT16H' });

    expect(
      decideSendPolicy(facts({ cap: capped, messageClass: 'transactional', recentSends: [NOON] })),
    ).toEqual({
      action: 'send',
    });
    expect(
      decideSendPolicy(facts({ cap: capped, recentSends: [new Date(NOON.getTime() - 16 * HOUR)] })),
    ).toEqual({ action: 'send' });
  });

  it('yields the last room under the cap to a higher-priority send due within the period', () => {
    const cart = { effectId: 'cart.1', label: 'cart/reminder-1', priority: 80, dueAt: NOON };

    const sut = decideSendPolicy(
      facts({ cap: cap({ max: 1, per: 'PT16H' }), priority: 20, competitors: [cart] }),
    );

    expect(sut).toMatchObject({ action: 'defer', until: new Date(NOON.getTime() + YIELD_MS) });
    expect(sut.action === 'defer' && sut.reason).toContain(
      'yields to cart/reminder-1 (priority 80 over 20), due 2026-03-28T12:00:00+01:00',
    );
  });

  it('does not yield to equal or lower priorities, to sends due after the period, or while room remains', () => {
    const capped = cap({ max: 1, per: 'PT16H' });
    const other = (priority: number, dueAt = NOON) => ({ effectId: 'o.1', label: 'o/s', priority, dueAt });

    expect(decideSendPolicy(facts({ cap: capped, competitors: [other(50), other(10)] })).action).toBe('send');
    expect(
      decideSendPolicy(facts({ cap: capped, competitors: [other(90, new Date(NOON.getTime() + 17 * HOUR))] }))
        .action,
    ).toBe('send');
    expect(
      decideSendPolicy(facts({ cap: cap({ max: 2, per: 'PT16H' }), competitors: [other(90)] })).action,
    ).toBe('send');
  });
});
