// The benchmark itself runs with `npm run bench`; these are its pure helpers, so a broken one shows up in npm test.
import { parseOptions, DEFAULTS } from '../bench/options';
import { summarize } from '../bench/stats';
import { EVENT_MIX, Workload } from '../bench/workload';

describe(Workload.name, () => {
  it('sends the issue event mix, with carts and orders that follow each other per customer', () => {
    const sut = new Workload(50, 1);
    const counts = new Map<string, number>();
    const messages = Array.from({ length: 20_000 }, () => sut.track());
    for (const { name } of messages) counts.set(name, (counts.get(name) ?? 0) + 1);
    for (const [name, share] of EVENT_MIX) expect(counts.get(name)! / 20_000).toBeCloseTo(share, 1);

    const ofOne = messages
      .filter(({ message }) => message.userId === 'bench-c-7')
      .map(({ message }) => message);
    const completed = ofOne.filter((m) => m.event === 'Order Completed');
    const cartsCompleted = completed.map((m) => (m.properties as { cart_id: string }).cart_id);
    expect(new Set(cartsCompleted).size).toBe(completed.length);
    expect(new Set(messages.map(({ message }) => message.messageId)).size).toBe(messages.length);
  });

  it('gives every customer an identify with an email address', () => {
    const sut = new Workload(3);
    expect(sut.identify(2)).toMatchObject({
      type: 'identify',
      userId: 'bench-c-2',
      traits: { email: 'c2@bench.example' },
    });
  });
});

describe('bench options', () => {
  it('reads numbers, roles and environment pairs, and rejects what it does not know', () => {
    const sut = parseOptions([
      '--customers',
      '5000',
      '--profile',
      'api,worker',
      '--app-env',
      'DB_POOL_SIZE=20',
    ]);
    expect(sut).toMatchObject({
      customers: 5000,
      profile: ['api', 'worker'],
      appEnv: { DB_POOL_SIZE: '20' },
    });
    expect(sut.trackRate).toBe(DEFAULTS.trackRate);
    expect(() => parseOptions(['--customers', 'many'])).toThrow('--customers needs a non-negative number');
    expect(() => parseOptions(['--nope'])).toThrow('unknown option --nope');
    expect(() => parseOptions(['--profile', 'db'])).toThrow('--profile');
  });
});

describe('summarize', () => {
  it('gives nearest-rank percentiles and counts what never arrived as infinitely late', () => {
    const sut = summarize([...Array.from({ length: 99 }, (_, i) => i + 1), Infinity]);
    expect(sut).toMatchObject({ count: 100, p50: 50, p90: 90, p99: 99, max: Infinity });
    expect(summarize([]).p99).toBeNaN();
  });
});
