import { DomainError } from '../common/domain-error';
import { PERIODS, type InsightPeriod, type PeriodDays } from './insight.types';

const HOUR_MS = 3_600_000;

/** Parses `?days=`: absent means 30; anything but 7, 30 or 90 is a 400 naming the parameter. */
export function parsePeriod(days: unknown, now: Date): InsightPeriod & { since: Date } {
  const value = days === undefined || days === '' ? 30 : Number(days);
  if (!PERIODS.includes(value as PeriodDays)) {
    throw new DomainError('validation_failed', `days must be one of ${PERIODS.join(', ')}`, 400, [
      { path: '$.query.days', message: `expected one of ${PERIODS.join(', ')}, got ${JSON.stringify(days)}` },
    ]);
  }
  // Whole UTC hours, the grain of the rollups.
  const since = new Date(Math.floor((now.getTime() - value * 24 * HOUR_MS) / HOUR_MS) * HOUR_MS);
  return { days: value as PeriodDays, from: since.toISOString(), to: now.toISOString(), since };
}
