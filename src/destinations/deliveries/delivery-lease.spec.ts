import type { Clock } from '../../common/clock';
import { holdLease, LEASE_MS } from './delivery-lease';

describe(holdLease.name, () => {
  const clock: Clock = { now: () => new Date(Date.now()) };

  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('renews the claim of this attempt every sixth of the lease until released', async () => {
    const queries: { text: string; params: unknown[] }[] = [];
    const db = { query: async (text: string, params: unknown[] = []) => void queries.push({ text, params }) };

    const sut = holdLease(db, clock, { id: 'run-1.4', attempts: 2 });
    jest.advanceTimersByTime(LEASE_MS / 6 - 1);
    expect(queries).toHaveLength(0);
    jest.advanceTimersByTime(1);
    jest.advanceTimersByTime(LEASE_MS / 6);
    sut();
    jest.advanceTimersByTime(LEASE_MS * 2);

    expect(queries).toHaveLength(2);
    expect(queries[0].text).toMatch(
      /SET lease_until = \$3 WHERE id = \$1 AND attempts = \$2 AND status = 'sending'/,
    );
    expect(queries.map((q) => q.params)).toEqual([
      ['run-1.4', 2, new Date(Date.parse('2026-03-01T10:00:00Z') + LEASE_MS / 6 + LEASE_MS)],
      ['run-1.4', 2, new Date(Date.parse('2026-03-01T10:00:00Z') + LEASE_MS / 3 + LEASE_MS)],
    ]);
  });

  it('keeps renewing after a renewal fails (the database may come back)', async () => {
    let calls = 0;
    const db = {
      query: async () => {
        calls += 1;
        if (calls === 1) throw new Error('connection refused');
      },
    };

    const sut = holdLease(db, clock, { id: 'run-2.1', attempts: 1 });
    await jest.advanceTimersByTimeAsync(LEASE_MS);
    sut();

    expect(calls).toBe(6);
  });
});
