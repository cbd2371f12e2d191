import { SendWindowSchema, type SendWindowInput } from './send-window.schema';
import { jitterMs, localIso, nextSendTime, recipientZone } from './send-window.util';

const AMS = 'Europe/Amsterdam';
const NYC = 'America/New_York';
const window = (input: SendWindowInput = {}) => SendWindowSchema.parse(input);
const at = (iso: string) => new Date(iso);
const next = (now: string, zone: string, input?: SendWindowInput) =>
  nextSendTime(at(now), zone, window(input))?.toISOString() ?? null;

describe(nextSendTime.name, () => {
  describe('Europe/Amsterdam, clocks forward on Sunday 2026-03-29 (02:00 CET -> 03:00 CEST)', () => {
    it('opens at 09:00 summer time the morning after the change, not at the winter offset', () => {
      expect(next('2026-03-28T21:00:00Z', AMS)).toBe('2026-03-29T07:00:00.000Z');
    });

    it('opens the same morning when the night is already past the change', () => {
      expect(next('2026-03-29T06:30:00Z', AMS)).toBe('2026-03-29T07:00:00.000Z');
    });

    it('is open from the opening instant to just before the close', () => {
      expect(next('2026-03-29T07:00:00Z', AMS)).toBeNull();
      expect(next('2026-03-29T17:59:59Z', AMS)).toBeNull();
    });

    it('closes at 20:00 summer time and reopens the next morning', () => {
      expect(next('2026-03-29T18:00:00Z', AMS)).toBe('2026-03-30T07:00:00.000Z');
    });

    it('opens a window starting inside the skipped hour just after the change (02:30 -> 03:30 CEST)', () => {
      expect(next('2026-03-29T00:00:00Z', AMS, { start: '02:30', end: '06:00' })).toBe(
        '2026-03-29T01:30:00.000Z',
      );
    });
  });

  describe('Europe/Amsterdam, clocks back on Sunday 2026-10-25 (03:00 CEST -> 02:00 CET)', () => {
    it('opens at 09:00 winter time the morning after the change', () => {
      expect(next('2026-10-24T19:00:00Z', AMS)).toBe('2026-10-25T08:00:00.000Z');
    });

    it('closes at 20:00 winter time on the day of the change', () => {
      expect(next('2026-10-25T18:59:59Z', AMS)).toBeNull();
      expect(next('2026-10-25T19:00:00Z', AMS)).toBe('2026-10-26T08:00:00.000Z');
    });

    it('opens a window starting in the repeated hour at its first occurrence (02:30 CEST)', () => {
      expect(next('2026-10-24T22:00:00Z', AMS, { start: '02:30', end: '06:00' })).toBe(
        '2026-10-25T00:30:00.000Z',
      );
    });
  });

  describe('America/New_York, clocks forward on Sunday 2026-03-08 and back on Sunday 2026-11-01', () => {
    it('opens at 09:00 EDT after the spring change', () => {
      expect(next('2026-03-08T02:00:00Z', NYC)).toBe('2026-03-08T13:00:00.000Z');
    });

    it('opens a window starting in the skipped hour at 03:30 EDT', () => {
      expect(next('2026-03-08T05:00:00Z', NYC, { start: '02:30', end: '05:00' })).toBe(
        '2026-03-08T07:30:00.000Z',
      );
    });

    it('opens at 09:00 EST after the autumn change', () => {
      expect(next('2026-11-01T01:00:00Z', NYC)).toBe('2026-11-01T14:00:00.000Z');
    });

    it('keeps a window across midnight open through the repeated hour and closes it at 06:00 EST', () => {
      const overnight = { start: '22:00', end: '06:00' };
      expect(next('2026-11-01T02:30:00Z', NYC, overnight)).toBeNull();
      expect(next('2026-11-01T10:59:59Z', NYC, overnight)).toBeNull();
      expect(next('2026-11-01T11:00:00Z', NYC, overnight)).toBe('2026-11-02T03:00:00.000Z');
    });
  });

  describe('windows across midnight and weekdays', () => {
    const fridayNight: SendWindowInput = { start: '22:00', end: '02:00', days: ['fri'] };

    it('is open after midnight on a window that opened the evening before', () => {
      // Saturday 2026-06-13 01:30 CEST: the window opened on Friday.
      expect(next('2026-06-12T23:30:00Z', AMS, fridayNight)).toBeNull();
    });

    it('waits a week for the next friday opening once the window has closed', () => {
      expect(next('2026-06-13T00:00:00Z', AMS, fridayNight)).toBe('2026-06-19T20:00:00.000Z');
    });

    it('skips the weekend when only working days are listed', () => {
      const weekdays: SendWindowInput = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] };
      // Friday 2026-06-12 21:00 CEST -> Monday 2026-06-15 09:00 CEST.
      expect(next('2026-06-12T19:00:00Z', AMS, weekdays)).toBe('2026-06-15T07:00:00.000Z');
    });

    it('runs a window ending at 24:00 up to midnight', () => {
      expect(next('2026-06-12T21:59:59Z', AMS, { start: '18:00', end: '24:00' })).toBeNull();
      expect(next('2026-06-12T22:00:00Z', AMS, { start: '18:00', end: '24:00' })).toBe(
        '2026-06-13T16:00:00.000Z',
      );
    });
  });

  it('reads an invalid zone as UTC', () => {
    expect(next('2026-03-28T21:00:00Z', 'Mars/Olympus')).toBe('2026-03-29T09:00:00.000Z');
  });

  it('lets everything through when the window is disabled', () => {
    expect(next('2026-03-28T23:00:00Z', AMS, { enabled: false })).toBeNull();
  });
});

describe(recipientZone.name, () => {
  it.each([
    ['the contact trait when valid', NYC, AMS, NYC],
    ['the workspace zone for an unknown trait', 'Mars/Olympus', AMS, AMS],
    ['the workspace zone for a non-string trait', 5, AMS, AMS],
    ['UTC when neither is valid', 'nowhere', 'Atlantis/Capital', 'UTC'],
  ])('uses %s', (_name, trait, workspace, expected) => {
    expect(recipientZone(trait, workspace)).toBe(expected);
  });
});

describe(jitterMs.name, () => {
  it('is the same for the same seed, in [0, max) whole seconds, and spreads seeds apart', () => {
    const values = Array.from({ length: 200 }, (_, i) => jitterMs(`run-${i}.3`, 15 * 60_000));

    expect(jitterMs('run-7.3', 15 * 60_000)).toBe(values[7]);
    expect(values.every((v) => v >= 0 && v < 15 * 60_000 && v % 1000 === 0)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(150);
    expect(Math.max(...values)).toBeGreaterThan(10 * 60_000);
  });

  it('is zero without a jitter', () => {
    expect(jitterMs('run-1.1', 0)).toBe(0);
  });
});

describe(localIso.name, () => {
  it('shows the instant on the recipient clock with its offset', () => {
    expect(localIso(at('2026-03-29T07:07:00Z'), AMS)).toBe('2026-03-29T09:07:00+02:00');
    expect(localIso(at('2026-11-01T14:00:00Z'), NYC)).toBe('2026-11-01T09:00:00-05:00');
  });
});
