import { Client } from 'pg';
import { InsightRollupService } from '../src/insight/insight-rollup.service';
import {
  ATTRIBUTED_ORDERS,
  CONVERTED_RUNS,
  ENGAGEMENT,
  FLOW_EFFECTS,
  FLOW_SHARES,
  HISTORY_DAYS,
  SHOP_MIX,
  SKIPPED_EMAILS,
  STAGE_SHARES,
  shareCaseSql,
  seqUuidSql,
  uniformSql,
  type InsightPlan,
} from './insight-plan';

export interface SeedJourney {
  workspaceId: string;
  journeyId: string;
  versionId: string;
  version: number;
}

export interface SeedResult {
  seconds: number;
  /** Wall time per step, in order. */
  steps: { step: string; seconds: number }[];
  /** What is in the tables afterwards (counted, not planned). */
  rows: Record<string, number>;
  movesFolded: number;
}

/** Tables loaded in bulk: their indexes are dropped first and built again after the load, as a bulk load does. */
const LOADED = ['contacts', 'runs', 'effects', 'deliveries', 'events', 'conversions'] as const;
/** Every table the insight phase fills: loaded here, or written by the service's own rollups and triggers. */
export const INSIGHT_TABLES = [
  ...LOADED,
  'stage_moves',
  'stage_hourly',
  'stage_time_hourly',
  'stage_nps',
  'step_hourly',
  'step_recipients',
] as const;
const SEED_FLOW_RUNS = 'bench_seed_flow_runs';
/** Rows per INSERT statement of the big tables: several statements share the two connections. */
const CHUNK = 1_000_000;

const u = uniformSql;
const list = (names: readonly string[]) => `ARRAY[${names.map((n) => `'${n}'`).join(', ')}]::text[]`;
const STAGES = list(STAGE_SHARES.map(([stage]) => stage));

/**
 * Seeds the journey's history at the plan's scale with set-based SQL on `parallel` connections of its own, then
 * folds the stage moves with the service's own rollup and runs VACUUM ANALYZE. Every value is a function of the
 * row number (uniformSql), so statements that must agree (a contact's stage, an order's event) do without joins.
 */
export async function seedInsight(
  databaseUrl: string,
  plan: InsightPlan,
  journey: SeedJourney,
  now: Date,
  parallel: number,
  log: (message: string) => void,
): Promise<SeedResult> {
  const started = performance.now();
  const steps: SeedResult['steps'] = [];
  const clients = await Promise.all(
    Array.from({ length: Math.max(1, parallel) }, async () => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      // A bulk load: no wait for the WAL flush per statement, sorts for the index builds in memory.
      await client.query(
        `SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '64MB'`,
      );
      return client;
    }),
  );
  const step = async (name: string, tasks: string[]) => {
    const at = performance.now();
    await runOn(clients, tasks);
    const seconds = (performance.now() - at) / 1000;
    steps.push({ step: name, seconds });
    log(`  ${name}: ${seconds.toFixed(1)} s`);
  };
  try {
    const sql = new SeedSql(plan, journey, now);
    const indexes = await indexDefinitions(clients[0]);
    await step('drop indexes of the loaded tables', indexes.drop);
    await step('contacts, stage runs and stage moves, flow runs', [
      ...chunks(plan.contacts).map(([from, to]) => sql.contacts(from, to)),
      ...chunks(plan.stageRuns).map(([from, to]) => sql.stageRuns(from, to)),
      ...chunks(plan.stageRuns).map(([from, to]) => sql.stageMoves(from, to)),
      sql.flowRunsTable(),
    ]);
    await step('flow runs, effects, NPS answers', [
      sql.flowRuns(),
      sql.effects(),
      sql.npsEvents(),
      sql.stageNps(),
    ]);
    await step('deliveries, shop events', [
      sql.deliveries(),
      ...chunks(plan.shopEvents).map(([from, to]) => sql.shopEvents(from, to)),
    ]);
    await step('opens, clicks and bounces, conversions', [sql.engagementEvents(), sql.conversions()]);
    await step('build indexes again', indexes.create);
    const rollup = new InsightRollupService(undefined as never, { ROLE: 'api' } as never);
    let movesFolded = 0;
    const foldAt = performance.now();
    // The service's own rollup SQL, on every connection at once (SKIP LOCKED splits the moves between them).
    await Promise.all(
      clients.map(async (client) => {
        movesFolded += await rollup.rollUp({
          query: (text, params) => client.query(text, params).then((r) => r.rows),
        });
      }),
    );
    steps.push({ step: 'fold stage moves (service rollup)', seconds: (performance.now() - foldAt) / 1000 });
    log(`  fold ${movesFolded} stage moves (service rollup): ${steps.at(-1)!.seconds.toFixed(1)} s`);
    await step('drop the seeding table, VACUUM ANALYZE', [
      `DROP TABLE ${SEED_FLOW_RUNS}`,
      ...INSIGHT_TABLES.map((table) => `VACUUM (ANALYZE) ${table}`),
    ]);
    const counted = await clients[0].query<Record<string, number>>(
      `SELECT ${[...LOADED, 'stage_hourly', 'stage_time_hourly', 'stage_nps']
        .map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`)
        .join(', ')}`,
    );
    return { seconds: (performance.now() - started) / 1000, steps, rows: counted.rows[0], movesFolded };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

/** Runs the statements, each on the next free connection. */
async function runOn(clients: Client[], tasks: string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (next < tasks.length) await client.query(tasks[next++]);
    }),
  );
}

function chunks(total: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 1; from <= total; from += CHUNK) out.push([from, Math.min(total, from + CHUNK - 1)]);
  return out;
}

/** The loaded tables' primary keys, unique constraints and indexes: statements to drop them and to build them again. */
async function indexDefinitions(client: Client): Promise<{ drop: string[]; create: string[] }> {
  const constraints = await client.query<{ tbl: string; name: string; def: string }>(
    `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE conrelid = ANY($1::regclass[]) AND contype IN ('p', 'u')`,
    [LOADED],
  );
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname <> ALL($2)`,
    [LOADED, constraints.rows.map((c) => c.name)],
  );
  return {
    drop: [
      ...constraints.rows.map((c) => `ALTER TABLE ${c.tbl} DROP CONSTRAINT "${c.name}"`),
      ...indexes.rows.map((i) => `DROP INDEX "${i.name}"`),
    ],
    create: [
      ...constraints.rows.map((c) => `ALTER TABLE ${c.tbl} ADD CONSTRAINT "${c.name}" ${c.def}`),
      ...indexes.rows.map((i) => i.def),
    ],
  };
}

/** The seeding statements; `n` is the row number of a generate_series. */
class SeedSql {
  private readonly ws: string;
  private readonly journeyId: string;
  private readonly now: string;
  /** Timestamp `fraction` of the history back from now. */
  private readonly ago: (fraction: string) => string;

  constructor(
    private readonly plan: InsightPlan,
    private readonly journey: SeedJourney,
    now: Date,
  ) {
    this.ws = `'${journey.workspaceId}'::uuid`;
    this.journeyId = `'${journey.journeyId}'::uuid`;
    this.now = `'${now.toISOString()}'::timestamptz`;
    this.ago = (fraction) => `(${this.now} - interval '${HISTORY_DAYS} days' * ${fraction})`;
  }

  private contact(n: string): string {
    return seqUuidSql('c', n);
  }

  /** A random contact (1..contacts) for row n. */
  private anyContact(n: string, salt: number): string {
    return `(1 + floor(${u(n, salt)} * ${this.plan.contacts}))::bigint`;
  }

  /**
   * Stage run n: k (0-based stage), entered the first stage at t0, moved evenly on to stage k, the last move a
   * random share (0.5..1) of the way from t0 to now; move m happened at t(m).
   */
  private stageRows(from: number, to: number): string {
    const stage = shareCaseSql(u('n', 12), STAGE_SHARES);
    return `(SELECT n, k, t0, (${this.now} - t0) * (0.5 + 0.5 * ${u('n', 13)}) / (k + 1) AS step
              FROM (SELECT n, array_position(${STAGES}, ${stage}) - 1 AS k, ${this.ago(u('n', 11))} AS t0
                      FROM generate_series(${from}, ${to}) n) a) s`;
  }

  contacts(from: number, to: number): string {
    return `INSERT INTO contacts (id, workspace_id, external_id, email, traits, created_at, updated_at)
      SELECT ${this.contact('n')}, ${this.ws}, 'seed-c-' || n, 'c' || n || '@seed.example',
             jsonb_build_object('first_name', 'Customer' || n, 'locale', CASE WHEN n % 10 = 0 THEN 'nl' ELSE 'en' END),
             t0, t0
        FROM ${this.stageRows(from, to)}`;
  }

  stageRuns(from: number, to: number): string {
    const { journeyId, versionId, version } = this.journey;
    return `INSERT INTO runs (id, workspace_id, journey_id, journey_version_id, journey_version, flow, contact_id, status,
                              position, snapshot, lock_version, started_at, updated_at, position_since)
      SELECT ${seqUuidSql('1', 'n')}, ${this.ws}, '${journeyId}', '${versionId}', ${version}, '$stage', ${this.contact('n')},
             'active', (${STAGES})[k + 1], '{}'::jsonb, k + 1, t0, t0 + step * k, t0 + step * k
        FROM ${this.stageRows(from, to)}`;
  }

  stageMoves(from: number, to: number): string {
    return `INSERT INTO stage_moves (workspace_id, journey_id, contact_id, from_stage, to_stage, at, from_since)
      SELECT ${this.ws}, ${this.journeyId}, ${this.contact('n')}, (${STAGES})[m], (${STAGES})[m + 1], t0 + step * m,
             CASE WHEN m > 0 THEN t0 + step * (m - 1) END
        FROM ${this.stageRows(from, to)}, generate_series(0, k) m`;
  }

  /** The flow runs' draws, kept in a table so runs and effects agree without recomputing them. */
  flowRunsTable(): string {
    const flow = shareCaseSql(u('n', 21), FLOW_SHARES);
    const lengths = FLOW_SHARES.map(([name]) => `WHEN '${name}' THEN ${FLOW_EFFECTS[name].length}`).join(' ');
    return `CREATE UNLOGGED TABLE ${SEED_FLOW_RUNS} AS
      SELECT n, flow, contact, started, 1 + floor(${u('n', 24)} * (CASE flow ${lengths} END))::int AS written,
             ${u('n', 25)} AS draw
        FROM (SELECT n, ${flow} AS flow, ${this.anyContact('n', 22)} AS contact, ${this.ago(u('n', 23))} AS started
                FROM generate_series(1, ${this.plan.flowRuns}) n) f`;
  }

  /** Flow effects as rows (flow, seq, step_id, kind). */
  private flowSteps(): string {
    const values = FLOW_SHARES.flatMap(([flow]) =>
      FLOW_EFFECTS[flow].map(([stepId, kind], i) => `('${flow}', ${i + 1}, '${stepId}', '${kind}')`),
    );
    return `(VALUES ${values.join(', ')}) AS fs(flow, seq, step_id, kind)`;
  }

  /** Effect seq of a flow run happened `seq` × up to a day after its start, never after now. */
  private effectAt(seq: string): string {
    return `least(${this.now}, r.started + interval '1 day' * ${seq} * r.draw)`;
  }

  flowRuns(): string {
    const { journeyId, versionId, version } = this.journey;
    const active = `r.started > ${this.now} - interval '3 days'`;
    return `INSERT INTO runs (id, workspace_id, journey_id, journey_version_id, journey_version, flow, contact_id, entry_key,
                              status, position, snapshot, lock_version, started_at, updated_at, ended_at, position_since,
                              holdout, converted_at)
      SELECT ${seqUuidSql('2', 'r.n')}, ${this.ws}, '${journeyId}', '${versionId}', ${version}, r.flow, ${this.contact('r.contact')},
             CASE r.flow WHEN 'cart' THEN 'cart-' || r.n WHEN 'review' THEN 'order-' || r.n END,
             CASE WHEN ${active} THEN 'active' WHEN r.draw < 0.3 THEN 'exited' ELSE 'completed' END,
             CASE WHEN ${active} THEN fs.step_id WHEN r.draw < 0.3 THEN 'exited' ELSE 'completed' END,
             '{}'::jsonb, r.written, r.started, ${this.effectAt('r.written')},
             CASE WHEN NOT ${active} THEN ${this.effectAt('r.written')} END, ${this.effectAt('r.written')}, false,
             CASE WHEN ${u('r.n', 26)} < ${CONVERTED_RUNS} THEN ${this.effectAt('r.written')} END
        FROM ${SEED_FLOW_RUNS} r JOIN ${this.flowSteps()} ON fs.flow = r.flow AND fs.seq = r.written`;
  }

  /** Every effect is done or skipped: a pending one would be picked up by the running worker's reconciler. */
  effects(): string {
    const id = `${seqUuidSql('2', 'r.n')}::text || '.' || fs.seq`;
    const skipped = `fs.kind = 'email' AND ${u('r.n * 8 + fs.seq', 31)} < ${SKIPPED_EMAILS}`;
    const at = this.effectAt('(fs.seq - 1)');
    return `INSERT INTO effects (id, workspace_id, run_id, contact_id, journey_id, flow, step_id, kind, status, due_at, payload,
                                 reason, created_at, done_at, started_at)
      SELECT ${id}, ${this.ws}, ${seqUuidSql('2', 'r.n')}, ${this.contact('r.contact')}, ${this.journeyId}, r.flow, fs.step_id, fs.kind,
             CASE WHEN ${skipped} THEN 'skipped' ELSE 'done' END,
             CASE WHEN fs.kind = 'wake' THEN ${this.effectAt('fs.seq')} ELSE ${at} END,
             jsonb_build_object('seq', fs.seq, 'stepId', fs.step_id)
               || CASE WHEN fs.kind = 'email' THEN jsonb_build_object('template', fs.step_id) ELSE '{}' END,
             CASE WHEN ${skipped} THEN 'frequency cap: 3 marketing emails in P7D' END,
             ${at}, ${at}, ${at}
        FROM ${SEED_FLOW_RUNS} r JOIN ${this.flowSteps()} ON fs.flow = r.flow AND fs.seq <= r.written`;
  }

  deliveries(): string {
    return `INSERT INTO deliveries (effect_id, workspace_id, contact_id, channel, status, message_id, recipient, subject,
                                    created_at, sent_at)
      SELECT f.id, f.workspace_id, f.contact_id, 'email', 'sent', '<' || f.id || '@seed.example>',
             'someone@seed.example', f.step_id, f.created_at, f.created_at + interval '2 seconds'
        FROM effects f WHERE f.kind = 'email' AND f.status = 'done'`;
  }

  private event(columns: {
    id: string;
    contact: string;
    messageId: string;
    name: string;
    properties: string;
    at: string;
    context?: string;
  }): string {
    return `${columns.id}, ${this.ws}, ${columns.contact}, ${columns.messageId}, 'track', ${columns.name},
            ${columns.properties}, ${columns.context ?? `'{}'::jsonb`}, ${columns.at}, ${columns.at}, ${columns.at}`;
  }

  private static readonly EVENT_COLUMNS = `INSERT INTO events (id, workspace_id, contact_id, message_id, type, name, properties, context, timestamp, received_at, routed_at)`;

  shopEvents(from: number, to: number): string {
    const order = `jsonb_build_object('order_id', 'order-' || n, 'cart_id', 'cart-' || c || '-' || (n % 3),
                                      'total', round((20 + 180 * ${u('n', 44)})::numeric, 2), 'currency', 'EUR')`;
    const cart = `jsonb_build_object('cart_id', 'cart-' || c || '-' || (n % 3), 'product_id', 'p-' || (n % 500),
                                     'price', round((5 + 95 * ${u('n', 44)})::numeric, 2), 'quantity', 1)`;
    return `${SeedSql.EVENT_COLUMNS}
      SELECT ${this.event({
        id: seqUuidSql('e', 'n'),
        contact: this.contact('c'),
        messageId: `'seed-' || n`,
        name: 'name',
        properties: `CASE WHEN name = 'Order Completed' THEN ${order} ELSE ${cart} END`,
        at: this.ago(u('n', 43)),
      })}
        FROM (SELECT n, ${this.anyContact('n', 41)} AS c, ${shareCaseSql(u('n', 42), SHOP_MIX)} AS name
                FROM generate_series(${from}, ${to}) n) e`;
  }

  /** Opens (message id as the tracking pixel stores it), clicks and hard bounces of the sent emails. */
  engagementEvents(): string {
    const draw = `((hashtextextended(d.effect_id, 71) & 2147483647)::float8 / 2147483648)`;
    const { opened, clicked, bounced } = ENGAGEMENT;
    return `${SeedSql.EVENT_COLUMNS}
      SELECT ${this.event({
        id: 'gen_random_uuid()',
        contact: 'd.contact_id',
        messageId: `CASE x.name WHEN 'Email Opened' THEN 'email-opened:' || d.effect_id
                      WHEN 'Email Link Clicked' THEN 'email-clicked:' || d.effect_id || ':0' ELSE 'bounce:' || d.effect_id END`,
        name: 'x.name',
        properties: `CASE WHEN x.name = 'Email Bounced' THEN jsonb_build_object('bounce_type', 'hard', 'message_id', d.message_id)
                      ELSE jsonb_build_object('effect_id', d.effect_id, 'journey', 'customer-lifecycle', 'step', d.subject) END`,
        at: `least(${this.now}, d.sent_at + interval '1 hour' * (1 + 47 * ${draw}))`,
        context: `'{"channel": "email"}'::jsonb`,
      })}
        FROM deliveries d
        JOIN (VALUES ('Email Opened', 0.0, ${opened}), ('Email Link Clicked', 0.0, ${clicked}),
                     ('Email Bounced', ${1 - bounced}, 1.0)) AS x(name, lo, hi)
          ON ${draw} >= x.lo AND ${draw} < x.hi`;
  }

  private npsRows(): string {
    const score = `CASE WHEN ${u('n', 62)} < 0.2 THEN floor(7 * ${u('n', 63)})
                        WHEN ${u('n', 62)} < 0.5 THEN 7 + floor(2 * ${u('n', 63)})
                        ELSE 9 + floor(2 * ${u('n', 63)}) END::int`;
    return `(SELECT n, ${this.anyContact('n', 61)} AS c, ${score} AS score, ${this.ago(u('n', 64))} AS at
               FROM generate_series(1, ${this.plan.npsAnswers}) n) a`;
  }

  npsEvents(): string {
    return `${SeedSql.EVENT_COLUMNS}
      SELECT ${this.event({
        id: seqUuidSql('d', 'n'),
        contact: this.contact('c'),
        messageId: `'seed-nps-' || n`,
        name: `'NPS Submitted'`,
        properties: `jsonb_build_object('score', score)`,
        at: 'at',
      })}
        FROM ${this.npsRows()}`;
  }

  /** The stage an answer was given in: the answering contact's stage run's stage (its row number is the contact's). */
  stageNps(): string {
    const stage = shareCaseSql(u('c', 12), STAGE_SHARES);
    return `INSERT INTO stage_nps (event_id, journey_id, workspace_id, contact_id, stage, score, at)
      SELECT ${seqUuidSql('d', 'n')}, ${this.journeyId}, ${this.ws}, ${this.contact('c')}, ${stage}, score, at
        FROM ${this.npsRows()}`;
  }

  /** Every order's conversion; some attributed to a journey email (last touch a little before the order). */
  conversions(): string {
    const draw = `((hashtextextended(e.message_id, 81) & 2147483647)::float8 / 2147483648)`;
    const emails = list(
      FLOW_SHARES.flatMap(([flow]) =>
        FLOW_EFFECTS[flow].filter(([, kind]) => kind === 'email').map(([id]) => id),
      ),
    );
    const attributed = `${draw} < ${ATTRIBUTED_ORDERS}`;
    return `INSERT INTO conversions (event_id, workspace_id, contact_id, at, revenue, currency, journey_id, step_id,
                                     effect_id, touch, touched_at)
      SELECT e.id, e.workspace_id, e.contact_id, e.timestamp, (e.properties->>'total')::numeric, 'EUR',
             CASE WHEN ${attributed} THEN ${this.journeyId} END,
             CASE WHEN ${attributed} THEN (${emails})[1 + floor(${draw} * 1000)::int % array_length(${emails}, 1)] END,
             NULL,
             CASE WHEN ${attributed} THEN CASE WHEN ${draw} < ${ATTRIBUTED_ORDERS / 3} THEN 'click' ELSE 'open' END END,
             CASE WHEN ${attributed} THEN e.timestamp - interval '1 day' * ${draw} * 10 END
        FROM events e WHERE e.name = 'Order Completed' AND e.message_id LIKE 'seed-%'`;
  }
}
