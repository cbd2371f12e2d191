/**
 * What the insight phase seeds, in proportion to the number of stage runs and events asked for: a shop a year and a
 * bit into using the default journey. Pure, so the proportions are unit-tested (test/bench-insight.spec.ts).
 */
import { EVENT_MIX } from './workload';

/** Days of history the seeded data spreads over (the map's longest period is 90). */
export const HISTORY_DAYS = 120;

/** Where the stage runs are now: most customers never get past the first stages. */
export const STAGE_SHARES = [
  ['awareness', 0.4],
  ['consideration', 0.25],
  ['decision', 0.12],
  ['retention', 0.18],
  ['advocacy', 0.05],
] as const;

/** Flow runs of the default journey per stage run, and how they split between its flows. */
export const FLOW_RUNS_PER_STAGE_RUN = 1.2;
export const FLOW_SHARES = [
  ['cart', 0.5],
  ['nurture', 0.25],
  ['review', 0.2],
  ['nps', 0.05],
] as const;

/** The effects a flow's run writes, in order (step id, effect kind); a run writes the first few of them. */
export const FLOW_EFFECTS: Record<(typeof FLOW_SHARES)[number][0], readonly (readonly [string, string])[]> = {
  cart: [
    ['wait-abandon', 'wake'],
    ['reminder-1', 'email'],
    ['wait-2', 'wake'],
    ['reminder-2', 'email'],
    ['wait-3', 'wake'],
    ['reminder-3', 'email'],
  ],
  nurture: [
    ['nurture-1', 'email'],
    ['wait-1', 'wake'],
    ['nurture-2', 'email'],
    ['wait-2', 'wake'],
    ['nurture-3', 'email'],
  ],
  review: [
    ['await-delivery', 'wake'],
    ['request-after-delivery', 'email'],
    ['wait-reminder', 'wake'],
    ['review-reminder', 'email'],
  ],
  nps: [['nps-thanks', 'email']],
};

/** The shop's own events: DOMAIN.md's mix, the same as the track workload's. */
export const SHOP_MIX = EVENT_MIX;

/** Per sent email: opened, clicked (of all sent), hard-bounced. */
export const ENGAGEMENT = { opened: 0.4, clicked: 0.1, bounced: 0.01 } as const;
/** Orders attributed to a message of the journey (the rest are organic); NPS answers per stage run. */
export const ATTRIBUTED_ORDERS = 0.12;
export const NPS_PER_STAGE_RUN = 0.05;
/** Share of flow runs that converted; skipped sends among email effects. */
export const CONVERTED_RUNS = 0.08;
export const SKIPPED_EMAILS = 0.05;

export interface InsightPlan {
  stageRuns: number;
  /** One stage run per contact and journey, so as many contacts as stage runs. */
  contacts: number;
  flowRuns: number;
  /** Expected counts (the seeding draws per row, so the real ones are near these). */
  stageMoves: number;
  effects: number;
  emails: number;
  engagementEvents: number;
  npsAnswers: number;
  shopEvents: number;
  orders: number;
  events: number;
}

/**
 * Counts for `stageRuns` stage runs and `events` events in all: engagement (opens, clicks, bounces of the seeded
 * emails) and NPS answers are events too, the shop's events make up the rest.
 */
export function insightPlan(stageRuns: number, events: number): InsightPlan {
  const flowRuns = Math.round(stageRuns * FLOW_RUNS_PER_STAGE_RUN);
  // A stage run at stage k (0-based) moved k + 1 times: the entry into the first stage, then one per stage.
  const stageMoves = Math.round(
    stageRuns * STAGE_SHARES.reduce((sum, [, share], k) => sum + share * (k + 1), 0),
  );
  let effects = 0;
  let emails = 0;
  for (const [flow, share] of FLOW_SHARES) {
    const steps = FLOW_EFFECTS[flow];
    // A run writes 1..n effects, each count equally likely (see effectsWritten).
    const runs = flowRuns * share;
    for (let k = 0; k < steps.length; k += 1) {
      const written = runs * ((steps.length - k) / steps.length);
      effects += written;
      if (steps[k][1] === 'email') emails += written;
    }
  }
  const sent = emails * (1 - SKIPPED_EMAILS);
  const engagementEvents = Math.round(sent * (ENGAGEMENT.opened + ENGAGEMENT.clicked + ENGAGEMENT.bounced));
  const npsAnswers = Math.round(stageRuns * NPS_PER_STAGE_RUN);
  const shopEvents = Math.max(0, events - engagementEvents - npsAnswers);
  return {
    stageRuns,
    contacts: stageRuns,
    flowRuns,
    stageMoves,
    effects: Math.round(effects),
    emails: Math.round(emails),
    engagementEvents,
    npsAnswers,
    shopEvents,
    orders: Math.round(shopEvents * SHOP_MIX.find(([name]) => name === 'Order Completed')![1]),
    events: shopEvents + engagementEvents + npsAnswers,
  };
}

/**
 * SQL for a repeatable uniform draw in [0, 1) from an integer expression and a salt: row n of a generate_series gets
 * the same value in every statement, so events, orders and answers seeded by separate statements agree.
 */
export function uniformSql(expression: string, salt: number): string {
  return `((hashint8extended((${expression})::bigint, ${salt}) & 2147483647)::float8 / 2147483648)`;
}

/** SQL `CASE` picking a name by its share for a draw in [0, 1); the last name takes any rounding left over. */
export function shareCaseSql(draw: string, shares: readonly (readonly [string, number])[]): string {
  let upTo = 0;
  const arms = shares.slice(0, -1).map(([name, share]) => {
    upTo += share;
    return `WHEN ${draw} < ${upTo.toFixed(6)} THEN '${name}'`;
  });
  return `CASE ${arms.join(' ')} ELSE '${shares[shares.length - 1][0]}' END`;
}

/** A uuid made from a number and a one-hex-digit tag (contacts, stage runs, flow runs, events each their own). */
export function seqUuidSql(tag: string, expression: string): string {
  if (!/^[0-9a-f]$/.test(tag)) throw new Error(`uuid tag must be one hex digit, not ${tag}`);
  return `('${tag}0000000-0000-4000-8000-' || lpad(to_hex((${expression})::bigint), 12, '0'))::uuid`;
}

export function seqUuid(tag: string, n: number): string {
  return `${tag}0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** "1M runs / 10M events": the scale in a figure's name. */
export function scaleLabel(stageRuns: number, events: number): string {
  const short = (n: number) =>
    n >= 1_000_000 && n % 100_000 === 0
      ? `${n / 1_000_000}M`
      : n >= 1_000 && n % 100 === 0
        ? `${n / 1_000}k`
        : String(n);
  return `${short(stageRuns)} runs / ${short(events)} events`;
}

/** Nearest-rank percentile (q in 0..1) of the values; NaN for none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
