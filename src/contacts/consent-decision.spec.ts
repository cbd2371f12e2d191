import { decideConsent, type CurrentConsent } from './consent-decision';
import type { ConsentChange } from './consent.types';

const at = new Date('2026-05-01T10:00:00Z');
const change = (overrides: Partial<ConsentChange> = {}): ConsentChange => ({
  purpose: 'email_marketing',
  status: 'granted',
  source: 'api',
  method: null,
  at,
  ...overrides,
});
const current = (overrides: Partial<CurrentConsent> = {}): CurrentConsent => ({
  status: 'granted',
  source: 'api',
  changedAt: new Date('2026-04-01T10:00:00Z'),
  ...overrides,
});

describe(decideConsent.name, () => {
  const sut = decideConsent;

  it('grants at once without double opt-in, and records nothing when nothing changes', () => {
    expect(sut(null, change(), false)).toEqual({ status: 'granted' });
    expect(sut(current(), change(), false)).toEqual({ ignored: 'already granted' });
  });

  it('withdraws from any other state, but not twice', () => {
    expect(sut(current({ status: 'pending' }), change({ status: 'withdrawn' }), true)).toEqual({
      status: 'withdrawn',
    });
    expect(sut(current({ status: 'withdrawn' }), change({ status: 'withdrawn' }), false)).toEqual({
      ignored: 'already withdrawn',
    });
  });

  it('makes API and identify grants of email marketing pending under double opt-in, once', () => {
    expect(sut(null, change({ source: 'identify' }), true)).toEqual({ status: 'pending' });
    expect(sut(current({ status: 'withdrawn' }), change(), true)).toEqual({ status: 'pending' });
    expect(sut(current({ status: 'pending' }), change(), true)).toEqual({
      ignored: 'already waiting for confirmation',
    });
  });

  it('grants imports, confirmations, preference-page choices and ads at once under double opt-in', () => {
    for (const source of ['import', 'double-opt-in', 'preference-page'] as const)
      expect(sut(current({ status: 'pending' }), change({ source }), true)).toEqual({ status: 'granted' });
    expect(sut(null, change({ purpose: 'ads' }), true)).toEqual({ status: 'granted' });
  });

  it('does not let identify re-grant what the contact withdrew on the preference page', () => {
    const withdrawn = current({ status: 'withdrawn', source: 'preference-page' });
    expect(sut(withdrawn, change({ source: 'identify' }), false)).toEqual({
      ignored: 'withdrawn by the contact on the preference page',
    });
    expect(sut(withdrawn, change({ source: 'api' }), false)).toEqual({ status: 'granted' });
  });

  it('ignores an identify older than the current answer', () => {
    const newer = current({ status: 'withdrawn', changedAt: new Date('2026-06-01T00:00:00Z') });
    expect(sut(newer, change({ source: 'identify' }), false)).toEqual({
      ignored: 'older than the current answer',
    });
  });
});
