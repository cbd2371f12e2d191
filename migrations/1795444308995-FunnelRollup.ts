import type { MigrationInterface, QueryRunner } from 'typeorm';

// The funnel's counters: statement-level triggers append what happened at each journey step to `step_counts`, in
// the writer's transaction, one INSERT ... SELECT per statement however many rows it wrote; the rollup service folds
// them into `step_hourly`. Metric names and event names are written out here, as this migration must not change.

const hour = (column: string) => `date_trunc('hour', ${column}, 'UTC')`;
const OPENED = `'Email Opened'`;
const CLICKED = `'Email Link Clicked'`;
const BOUNCED = `'Email Bounced'`;
const isHardBounce = (e: string) => `${e}.name = ${BOUNCED} AND ${e}.properties->>'bounce_type' = 'hard'`;
/** Bounce notifications quote the Message-ID with or without its angle brackets. */
const bounceMessageId = (e: string) => `btrim(${e}.properties->>'message_id', '<> ')`;
const deliveryMessageId = (d: string) => `btrim(${d}.message_id, '<>')`;
const DEFERRED = `'deferred to%'`;

/**
 * A statement for the rows of one write, planned two ways: a bulk load (thousands of rows, perhaps with its indexes
 * dropped) gets hash joins, since row estimates for the transition tables' JSON and window filters are guesses and a
 * nested loop over millions of rows would never end; an ordinary write keeps the index lookups. Each copy of the
 * statement has its own cached plan.
 */
const planned = (rowsSql: string, statement: string) => `
  IF (${rowsSql}) > 1000 THEN
    PERFORM set_config('enable_nestloop', 'off', true);
    ${statement};
    PERFORM set_config('enable_nestloop', nestloop, true);
  ELSE
    ${statement};
  END IF;`;

/**
 * One effects statement's changes as rows `c`: the step's metrics (entered on insert; sent, skipped with its reason,
 * failed when the status changes to it; deferred when the reason first says so) and, for emails sent, the
 * customer's last send per step and per journey (a recipient moves from the hour of their previous send to this
 * one). Status updates that change nothing counted (pending → held → pending, erasure's reason scrub) add nothing.
 */
const countEffects = (changes: string) => `
WITH c AS (${changes}), counted AS (
  SELECT workspace_id, journey_id, flow, step_id, 'entered' AS metric, created_at AS at, NULL AS reason
    FROM c WHERE was_status IS NULL
  UNION ALL
  SELECT workspace_id, journey_id, flow, step_id, CASE status WHEN 'done' THEN 'sent' ELSE status END,
         coalesce(done_at, now()), CASE WHEN status = 'skipped' THEN reason END
    FROM c WHERE status IS DISTINCT FROM was_status AND (status IN ('skipped', 'failed') OR status = 'done' AND kind <> 'wake')
  UNION ALL
  SELECT workspace_id, journey_id, flow, step_id, 'deferred', was_due, NULL
    FROM c WHERE reason LIKE ${DEFERRED} AND (was_reason IS NULL OR was_reason NOT LIKE ${DEFERRED})
), sent AS (
  SELECT c.workspace_id, c.journey_id, k.flow, k.step_id, c.contact_id, max(coalesce(c.done_at, now())) AS at
    FROM c CROSS JOIN LATERAL (VALUES (coalesce(c.flow, ''), c.step_id), ('', '')) AS k(flow, step_id)
   WHERE c.kind = 'email' AND c.status = 'done' AND c.was_status IS DISTINCT FROM 'done'
   GROUP BY 1, 2, 3, 4, 5
), was AS (
  SELECT s.*, r.last_at AS was_at FROM sent s
    LEFT JOIN step_recipients r ON r.journey_id = s.journey_id AND r.flow = s.flow AND r.step_id = s.step_id
                               AND r.contact_id = s.contact_id
), kept AS (
  INSERT INTO step_recipients (journey_id, flow, step_id, contact_id, workspace_id, last_at)
  SELECT journey_id, flow, step_id, contact_id, workspace_id, at FROM sent ORDER BY 1, 2, 3, 4
  ON CONFLICT (journey_id, flow, step_id, contact_id) DO UPDATE
    SET last_at = greatest(step_recipients.last_at, excluded.last_at)
)
INSERT INTO step_counts (workspace_id, journey_id, flow, step_id, metric, at, reason, n)
SELECT workspace_id, journey_id, flow, step_id, metric, ${hour('at')}, reason, count(*)::int FROM counted
 GROUP BY 1, 2, 3, 4, 5, 6, 7
UNION ALL
SELECT min(workspace_id::text)::uuid, journey_id, flow, step_id, 'recipients', ${hour('at')}, NULL, count(*)::int
  FROM was WHERE was_at IS NULL OR ${hour('was_at')} < ${hour('at')} GROUP BY 2, 3, 4, 6
UNION ALL
SELECT min(workspace_id::text)::uuid, journey_id, flow, step_id, 'recipients', ${hour('was_at')}, NULL, -count(*)::int
  FROM was WHERE ${hour('was_at')} < ${hour('at')} GROUP BY 2, 3, 4, 6`;

/** The columns of a changed effect; the flow from its run when the writer did not set it. */
const EFFECT = `n.workspace_id, n.journey_id, coalesce(n.flow, r.flow) AS flow, n.step_id, n.contact_id, n.kind, n.status,
  n.reason, n.created_at, n.done_at`;
const RUN = `LEFT JOIN runs r ON n.flow IS NULL AND r.id = n.run_id`;
const IN_JOURNEY = `n.journey_id IS NOT NULL AND n.step_id IS NOT NULL`;

const EFFECTS_FUNCTION = `CREATE FUNCTION step_counts_effects() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  nestloop text := current_setting('enable_nestloop');
BEGIN
  IF TG_OP = 'INSERT' THEN
    ${planned(
      'SELECT count(*) FROM n',
      countEffects(`SELECT ${EFFECT}, NULL::text AS was_status, NULL::text AS was_reason, n.created_at AS was_due
         FROM n ${RUN} WHERE ${IN_JOURNEY}`),
    )}
  ELSE
    ${planned(
      'SELECT count(*) FROM n',
      countEffects(`SELECT ${EFFECT}, o.status AS was_status, o.reason AS was_reason, o.due_at AS was_due
         FROM n JOIN o ON o.id = n.id ${RUN}
        WHERE ${IN_JOURNEY} AND (n.status IS DISTINCT FROM o.status
           OR n.reason LIKE ${DEFERRED} AND (o.reason IS NULL OR o.reason NOT LIKE ${DEFERRED}))`),
    )}
  END IF;
  RETURN NULL;
END $$`;

/**
 * Opens, clicks and hard bounces of journey emails. An open is recorded once per email and a click once per email
 * and link, so the email's first open-or-click counts `opened` and its first click `clicked`: earlier ones are
 * looked for among the contact's events (events_contact_name_time_idx) and, within the statement, by time.
 * A hard bounce counts `bounced` once per sent delivery it names.
 */
const EVENTS_STATEMENT = `
  WITH touch AS (
    SELECT e.id, e.contact_id, e.name, e.timestamp, e.properties->>'effect_id' AS effect_id,
           row_number() OVER (PARTITION BY e.properties->>'effect_id' ORDER BY e.timestamp, e.id) AS nth,
           row_number() OVER (PARTITION BY e.properties->>'effect_id', e.name ORDER BY e.timestamp, e.id) AS nth_named
      FROM n e WHERE e.name IN (${OPENED}, ${CLICKED}) AND e.properties ? 'effect_id'
  ), bounce AS (
    SELECT e.id, e.contact_id, e.timestamp, d.effect_id, ${bounceMessageId('e')} AS message_id,
           row_number() OVER (PARTITION BY d.effect_id ORDER BY e.timestamp, e.id) AS nth
      FROM n e JOIN deliveries d ON d.contact_id = e.contact_id AND d.status = 'sent'
                                AND ${deliveryMessageId('d')} = ${bounceMessageId('e')}
     WHERE ${isHardBounce('e')}
  ), firsts AS (
    SELECT t.effect_id, t.contact_id, t.timestamp, 'opened' AS metric FROM touch t
     WHERE t.nth = 1 AND NOT EXISTS (
       SELECT 1 FROM events x WHERE x.contact_id = t.contact_id AND x.name IN (${OPENED}, ${CLICKED})
          AND x.properties->>'effect_id' = t.effect_id AND NOT EXISTS (SELECT 1 FROM n WHERE n.id = x.id))
    UNION ALL
    SELECT t.effect_id, t.contact_id, t.timestamp, 'clicked' FROM touch t
     WHERE t.name = ${CLICKED} AND t.nth_named = 1 AND NOT EXISTS (
       SELECT 1 FROM events x WHERE x.contact_id = t.contact_id AND x.name = ${CLICKED}
          AND x.properties->>'effect_id' = t.effect_id AND NOT EXISTS (SELECT 1 FROM n WHERE n.id = x.id))
    UNION ALL
    SELECT b.effect_id, b.contact_id, b.timestamp, 'bounced' FROM bounce b
     WHERE b.nth = 1 AND NOT EXISTS (
       SELECT 1 FROM events x WHERE x.contact_id = b.contact_id AND ${isHardBounce('x')}
          AND ${bounceMessageId('x')} = b.message_id AND NOT EXISTS (SELECT 1 FROM n WHERE n.id = x.id))
  )
  INSERT INTO step_counts (workspace_id, journey_id, flow, step_id, metric, at, n)
  SELECT f.workspace_id, f.journey_id, coalesce(f.flow, r.flow), f.step_id, x.metric, ${hour('x.timestamp')}, count(*)::int
    FROM firsts x
    JOIN effects f ON f.id = x.effect_id AND f.contact_id = x.contact_id AND f.kind = 'email'
    LEFT JOIN runs r ON f.flow IS NULL AND r.id = f.run_id
   WHERE f.journey_id IS NOT NULL AND f.step_id IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6`;

const EVENTS_FUNCTION = `CREATE FUNCTION step_counts_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  nestloop text := current_setting('enable_nestloop');
  tracked bigint := (SELECT count(*) FROM n WHERE n.name IN (${OPENED}, ${CLICKED}, ${BOUNCED}));
BEGIN
  IF tracked = 0 THEN
    RETURN NULL;
  END IF;
  ${planned('tracked', EVENTS_STATEMENT)}
  RETURN NULL;
END $$`;

/** Orders attributed to a step. */
const CONVERSIONS_FUNCTION = `CREATE FUNCTION step_counts_conversions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO step_counts (workspace_id, journey_id, flow, step_id, metric, at, n)
  SELECT c.workspace_id, c.journey_id, f.flow, c.step_id, 'converted', ${hour('c.at')}, count(*)::int
    FROM n c LEFT JOIN effects f ON f.id = c.effect_id
   WHERE c.journey_id IS NOT NULL AND c.step_id IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END $$`;

/** Flow runs started (step ''): the funnel's per-flow `entered`. The stage run is the map's. */
const RUNS_FUNCTION = `CREATE FUNCTION step_counts_runs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO step_counts (workspace_id, journey_id, flow, step_id, metric, at, n)
  SELECT workspace_id, journey_id, flow, '', 'started', ${hour('started_at')}, count(*)::int
    FROM n WHERE flow <> '$stage' GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END $$`;

export class FunnelRollup1795444308995 implements MigrationInterface {
  name = 'FunnelRollup1795444308995';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "step_counts" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "workspace_id" uuid NOT NULL, "journey_id" uuid NOT NULL, "flow" text, "step_id" text NOT NULL, "metric" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text, "n" integer NOT NULL, CONSTRAINT "PK_dd174db5cd9d7468f96b74b0e6d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "step_hourly" ("journey_id" uuid NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "flow" text NOT NULL, "step_id" text NOT NULL, "metric" text NOT NULL, "workspace_id" uuid NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_1886c2abd86d66f0d983832f0fd" PRIMARY KEY ("journey_id", "hour", "flow", "step_id", "metric"))',
    );
    await queryRunner.query(
      'CREATE TABLE "step_recipients" ("journey_id" uuid NOT NULL, "flow" text NOT NULL, "step_id" text NOT NULL, "contact_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "last_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5cf0e2ca9fd4b10c375e0b4cb43" PRIMARY KEY ("journey_id", "flow", "step_id", "contact_id"))',
    );
    await queryRunner.query('ALTER TABLE "effects" ADD "flow" text');
    await queryRunner.query(
      'CREATE INDEX "runs_journey_active_idx" ON "runs"  ("journey_id", "flow", "position") WHERE status = \'active\' AND flow <> \'$stage\'',
    );
    // Effects know their flow (step ids are unique per flow only).
    await queryRunner.query(
      'UPDATE "effects" e SET "flow" = r."flow" FROM "runs" r WHERE r."id" = e."run_id" AND e."journey_id" IS NOT NULL',
    );
    // The history so far, counted as the triggers below would have; the rollup folds it into step_hourly.
    await queryRunner.query(`INSERT INTO step_counts (workspace_id, journey_id, flow, step_id, metric, at, reason, n)
      SELECT workspace_id, journey_id, flow, step_id, metric, ${hour('at')}, reason, count(*)::int FROM (
        SELECT workspace_id, journey_id, flow, step_id, 'entered' AS metric, created_at AS at, NULL AS reason FROM effects
         WHERE journey_id IS NOT NULL AND step_id IS NOT NULL
        UNION ALL
        SELECT workspace_id, journey_id, flow, step_id, CASE status WHEN 'done' THEN 'sent' ELSE status END,
               coalesce(done_at, created_at), CASE WHEN status = 'skipped' THEN reason END FROM effects
         WHERE journey_id IS NOT NULL AND step_id IS NOT NULL
           AND (status IN ('skipped', 'failed') OR status = 'done' AND kind <> 'wake')
        UNION ALL
        SELECT workspace_id, journey_id, flow, step_id, 'deferred', created_at, NULL FROM effects
         WHERE journey_id IS NOT NULL AND step_id IS NOT NULL AND reason LIKE 'deferred to%'
        UNION ALL
        SELECT f.workspace_id, f.journey_id, f.flow, f.step_id, t.metric, t.at, NULL
          FROM (SELECT properties->>'effect_id' AS effect_id, contact_id, 'opened' AS metric, min(timestamp) AS at FROM events
                 WHERE name IN (${OPENED}, ${CLICKED}) GROUP BY 1, 2
                UNION ALL
                SELECT properties->>'effect_id', contact_id, 'clicked', min(timestamp) FROM events
                 WHERE name = ${CLICKED} GROUP BY 1, 2) t
          JOIN effects f ON f.id = t.effect_id AND f.contact_id = t.contact_id AND f.kind = 'email'
         WHERE f.journey_id IS NOT NULL AND f.step_id IS NOT NULL
        UNION ALL
        SELECT f.workspace_id, f.journey_id, f.flow, f.step_id, 'bounced', b.at, NULL
          FROM (SELECT ${bounceMessageId('e')} AS message_id, contact_id, min(timestamp) AS at FROM events e
                 WHERE ${isHardBounce('e')} GROUP BY 1, 2) b
          JOIN deliveries d ON d.contact_id = b.contact_id AND d.status = 'sent' AND ${deliveryMessageId('d')} = b.message_id
          JOIN effects f ON f.id = d.effect_id
         WHERE f.journey_id IS NOT NULL AND f.step_id IS NOT NULL
        UNION ALL
        SELECT workspace_id, journey_id, flow, '', 'started', started_at, NULL FROM runs WHERE flow <> '$stage'
        UNION ALL
        SELECT c.workspace_id, c.journey_id, f.flow, c.step_id, 'converted', c.at, NULL
          FROM conversions c LEFT JOIN effects f ON f.id = c.effect_id
         WHERE c.journey_id IS NOT NULL AND c.step_id IS NOT NULL
      ) counted GROUP BY 1, 2, 3, 4, 5, 6, 7`);
    await queryRunner.query(`WITH sent AS (
        SELECT f.workspace_id, f.journey_id, k.flow, k.step_id, f.contact_id, max(coalesce(f.done_at, f.created_at)) AS at
          FROM effects f CROSS JOIN LATERAL (VALUES (coalesce(f.flow, ''), f.step_id), ('', '')) AS k(flow, step_id)
         WHERE f.journey_id IS NOT NULL AND f.step_id IS NOT NULL AND f.kind = 'email' AND f.status = 'done'
         GROUP BY 1, 2, 3, 4, 5
      ), kept AS (
        INSERT INTO step_recipients (journey_id, flow, step_id, contact_id, workspace_id, last_at)
        SELECT journey_id, flow, step_id, contact_id, workspace_id, at FROM sent
      )
      INSERT INTO step_counts (workspace_id, journey_id, flow, step_id, metric, at, n)
      SELECT min(workspace_id::text)::uuid, journey_id, flow, step_id, 'recipients', ${hour('at')}, count(*)::int
        FROM sent GROUP BY journey_id, flow, step_id, ${hour('at')}`);
    await queryRunner.query(EFFECTS_FUNCTION);
    await queryRunner.query(EVENTS_FUNCTION);
    await queryRunner.query(CONVERSIONS_FUNCTION);
    await queryRunner.query(RUNS_FUNCTION);
    await queryRunner.query(`CREATE TRIGGER step_counts_effects_insert AFTER INSERT ON effects
      REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION step_counts_effects()`);
    await queryRunner.query(`CREATE TRIGGER step_counts_effects_update AFTER UPDATE ON effects
      REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION step_counts_effects()`);
    await queryRunner.query(`CREATE TRIGGER step_counts_events_insert AFTER INSERT ON events
      REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION step_counts_events()`);
    await queryRunner.query(`CREATE TRIGGER step_counts_runs_insert AFTER INSERT ON runs
      REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION step_counts_runs()`);
    await queryRunner.query(`CREATE TRIGGER step_counts_conversions_insert AFTER INSERT ON conversions
      REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION step_counts_conversions()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER step_counts_runs_insert ON runs');
    await queryRunner.query('DROP TRIGGER step_counts_conversions_insert ON conversions');
    await queryRunner.query('DROP TRIGGER step_counts_events_insert ON events');
    await queryRunner.query('DROP TRIGGER step_counts_effects_update ON effects');
    await queryRunner.query('DROP TRIGGER step_counts_effects_insert ON effects');
    await queryRunner.query('DROP FUNCTION step_counts_runs()');
    await queryRunner.query('DROP FUNCTION step_counts_conversions()');
    await queryRunner.query('DROP FUNCTION step_counts_events()');
    await queryRunner.query('DROP FUNCTION step_counts_effects()');
    await queryRunner.query('ALTER TABLE "effects" DROP COLUMN "flow"');
    await queryRunner.query('DROP INDEX "public"."runs_journey_active_idx"');
    await queryRunner.query('DROP TABLE "step_recipients"');
    await queryRunner.query('DROP TABLE "step_hourly"');
    await queryRunner.query('DROP TABLE "step_counts"');
  }
}
