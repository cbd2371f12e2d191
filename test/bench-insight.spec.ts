// The insight phase of `npm run bench` seeds at scale with these helpers; a broken proportion shows up in npm test.
import { Client } from 'pg';
import {
  FLOW_SHARES,
  insightPlan,
  percentile,
  scaleLabel,
  seqUuid,
  seqUuidSql,
  shareCaseSql,
  SHOP_MIX,
  STAGE_SHARES,
  uniformSql,
} from '../bench/insight-plan';
import { DEFAULTS, parseOptions } from '../bench/options';

const ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe(insightPlan.name, () => {
  it('seeds the issue scale: a million stage runs (one per contact), ten million events, the rest in proportion', () => {
    const sut = insightPlan(1_000_000, 10_000_000);
    expect(sut).toMatchObject({ stageRuns: 1_000_000, contacts: 1_000_000, flowRuns: 1_200_000 });
    // A run at stage k moved k + 1 times: 0.4·1 + 0.25·2 + 0.12·3 + 0.18·4 + 0.05·5 per run.
    expect(sut.stageMoves).toBe(2_230_000);
    expect(sut.events).toBe(10_000_000);
    expect(sut.shopEvents + sut.engagementEvents + sut.npsAnswers).toBe(sut.events);
    expect(sut.orders).toBe(Math.round(sut.shopEvents * 0.15));
    expect(sut.effects).toBeGreaterThan(2_000_000);
    expect(sut.effects).toBeLessThan(5_000_000);
    expect(sut.emails).toBeLessThan(sut.effects);
  });

  it('plans no shop events when the engagement alone is more than the events asked for', () => {
    const sut = insightPlan(1_000_000, 1_000);
    expect(sut.shopEvents).toBe(0);
    expect(sut.events).toBe(sut.engagementEvents + sut.npsAnswers);
  });

  it.each([
    ['stages', STAGE_SHARES],
    ['flows', FLOW_SHARES],
    ['shop events', SHOP_MIX],
  ])('has %s shares that add up to one', (_, shares) => {
    expect(shares.reduce((sum, [, share]) => sum + share, 0)).toBeCloseTo(1, 9);
  });
});

describe('seeding SQL', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: ADMIN });
    await db.connect();
  });
  afterAll(() => db.end());

  it('writes a CASE that picks each name by its share, the last one taking what is left', () => {
    expect(
      shareCaseSql('x', [
        ['a', 0.25],
        ['b', 0.5],
        ['c', 0.25],
      ]),
    ).toBe("CASE WHEN x < 0.250000 THEN 'a' WHEN x < 0.750000 THEN 'b' ELSE 'c' END");
  });

  it('draws repeatably per row in PostgreSQL, in the planned proportions', async () => {
    const { rows } = await db.query<{ stage: string; n: number }>(
      `SELECT ${shareCaseSql(uniformSql('n', 12), STAGE_SHARES)} AS stage, count(*)::int AS n
         FROM generate_series(1, 100000) n GROUP BY 1`,
    );
    for (const [stage, share] of STAGE_SHARES)
      expect(rows.find((row) => row.stage === stage)!.n / 100_000).toBeCloseTo(share, 2);
    const again = await db.query(
      `SELECT ${uniformSql('7', 12)} AS a, ${uniformSql('7', 12)} AS b, ${uniformSql('7', 13)} AS c`,
    );
    expect(again.rows[0].a).toBe(again.rows[0].b);
    expect(again.rows[0].a).not.toBe(again.rows[0].c);
  });

  it('makes the same uuid from a row number in SQL and in TypeScript', async () => {
    const { rows } = await db.query(`SELECT ${seqUuidSql('c', '1000000')}::text AS id`);
    expect(rows[0].id).toBe(seqUuid('c', 1_000_000));
    expect(seqUuid('c', 255)).toBe('c0000000-0000-4000-8000-0000000000ff');
    expect(() => seqUuidSql('x', 'n')).toThrow('one hex digit');
  });
});

describe('insight report helpers', () => {
  it('names the scale and takes nearest-rank percentiles', () => {
    expect(scaleLabel(1_000_000, 10_000_000)).toBe('1M runs / 10M events');
    expect(scaleLabel(50_000, 500_000)).toBe('50k runs / 500k events');
    expect(scaleLabel(1_234_567, 999)).toBe('1234567 runs / 999 events');
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(values, 0.95)).toBe(19);
    expect(percentile(values, 0.5)).toBe(10);
    expect(percentile([], 0.95)).toBeNaN();
  });

  it('runs only the insight phase when asked, at the issue scale by default', () => {
    expect(DEFAULTS.only).toBeNull();
    expect(parseOptions(['--only', 'insight', '--insight-runs', '1000'])).toMatchObject({
      only: 'insight',
      insightRuns: 1000,
      insightEvents: 10_000_000,
    });
    expect(() => parseOptions(['--only', 'email'])).toThrow('--only takes insight');
  });
});
