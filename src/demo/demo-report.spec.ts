import { generalReason, report, type CustomerState } from './demo-report';
import { buildShopScript } from './shop-script';

describe('demo report', () => {
  const [a, b] = buildShopScript({ seed: 1, customers: 2, runId: 't' });
  const at = '2026-01-01T00:00:00.000Z';
  const states: CustomerState[] = [
    {
      customer: { ...a, persona: 'lead' },
      runs: [
        {
          journey: 'j',
          flow: '$stage',
          key: null,
          stage: 'consideration',
          status: 'active',
          position: 'consideration',
        },
        { journey: 'j', flow: 'nurture', key: null, stage: null, status: 'active', position: 'wait-1' },
      ],
      timeline: [
        { at, kind: 'step', flow: 'nurture', summary: 'x', reason: `nurture-1 sent to ${a.email}` },
        {
          at,
          kind: 'scheduled',
          flow: 'nurture',
          summary: 'wake-up for wait-1 due 2026-01-01T00:00:48Z (pending)',
        },
      ],
    },
    {
      customer: { ...b, persona: 'lead-buyer' },
      runs: [],
      timeline: [
        {
          at,
          kind: 'step',
          flow: 'nurture',
          summary: 'x',
          reason: 'nurture-1 skipped: goal reached: Order Completed for c-1 at 2026-01-01T00:00:01.000Z',
        },
      ],
    },
  ];

  it('counts stages, runs, sends and skips with their reasons, and what is waiting', () => {
    const text = report(
      [{ endpoint: '/v1/batch', messages: 3, accepted: 2, duplicates: 1, rejected: 0 }],
      states,
      Date.parse(at),
    );
    expect(text).toMatch(/lead +1 +0 +1 /);
    expect(text).toMatch(/lead-buyer +1 +0 +0 +0 +0 +0 +1\n/);
    expect(text).toMatch(/nurture +1 +1\n/);
    expect(text).toMatch(/nurture +nurture-1 +1 +1 +0 +0/);
    expect(text).toContain('goal reached: Order Completed');
    expect(text).toMatch(/nurture +wait-1 +1 +in 48s/);
    expect(text).toMatch(/total +3 +2 +1 +0/);
  });

  it('drops per-customer details from reasons so equal ones count together', () => {
    expect(generalReason('goal reached: Order Completed for r1-c0001 at 2026-01-01T00:00:01.000Z')).toBe(
      'goal reached: Order Completed',
    );
    expect(generalReason('email suppressed: unsubscribed by x@y.z')).toBe(
      'email suppressed: unsubscribed by <email>',
    );
  });
});
