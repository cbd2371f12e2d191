import { DomainError } from '../common/domain-error';
import { parsePeriod } from './insight-period';

const NOW = new Date('2026-03-10T12:34:56.789Z');

describe(parsePeriod.name, () => {
  it('defaults to 30 days, from the start of the hour 30 days ago to now', () => {
    expect(parsePeriod(undefined, NOW)).toEqual({
      days: 30,
      from: '2026-02-08T12:00:00.000Z',
      to: NOW.toISOString(),
      since: new Date('2026-02-08T12:00:00.000Z'),
    });
    expect(parsePeriod('', NOW).days).toBe(30);
  });

  it('accepts 7, 30 and 90, as query text or numbers', () => {
    expect(parsePeriod('7', NOW).from).toBe('2026-03-03T12:00:00.000Z');
    expect(parsePeriod(90, NOW).days).toBe(90);
  });

  it.each(['14', 'abc', '7.5', ['7', '30'], '-7'])('rejects %p with a 400 naming $.query.days', (days) => {
    let error: unknown;
    try {
      parsePeriod(days, NOW);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'validation_failed', status: 400 });
    expect((error as DomainError).details[0]?.path).toBe('$.query.days');
  });
});
