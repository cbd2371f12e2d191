import { zodDetails } from '../../common/zod-errors';
import { FrequencyCapSettingsSchema } from './frequency-cap.schema';

const pathsOf = (input: unknown) => {
  const parsed = FrequencyCapSettingsSchema.safeParse(input);
  return parsed.success ? [] : zodDetails(parsed.error);
};

describe('FrequencyCapSettingsSchema', () => {
  it('has no cap by default and defers by default when one is set', () => {
    expect(FrequencyCapSettingsSchema.parse(undefined)).toEqual({ email: null });
    expect(FrequencyCapSettingsSchema.parse({ email: { max: 1, per: 'PT16H' } }).email).toEqual({
      max: 1,
      per: 'PT16H',
      mode: 'defer',
    });
  });

  it.each([
    ['a period that is no duration', { email: { max: 1, per: '16h' } }, '$.email.per', 'ISO 8601'],
    ['a period in months', { email: { max: 1, per: 'P1M' } }, '$.email.per', 'months'],
    ['a zero period', { email: { max: 1, per: 'PT0S' } }, '$.email.per', 'longer than zero'],
    ['a zero max', { email: { max: 0, per: 'PT16H' } }, '$.email.max', ''],
    ['an unknown mode', { email: { max: 1, per: 'PT16H', mode: 'drop' } }, '$.email.mode', ''],
    ['an unknown channel', { sms: { max: 1, per: 'PT16H' } }, '$', 'sms'],
  ])('rejects %s at its path', (_name, input, path, message) => {
    expect(pathsOf(input)).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});
