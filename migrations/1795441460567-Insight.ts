import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Insight1795441460567 implements MigrationInterface {
  name = 'Insight1795441460567';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "conversions" ("event_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "revenue" numeric(14,2), "currency" text, "journey_id" uuid, "step_id" text, "effect_id" text, "touch" text, "touched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_17895d31605b88741f7d3d50d56" PRIMARY KEY ("event_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "conversions_workspace_idx" ON "conversions"  ("workspace_id", "at") ',
    );
    await queryRunner.query('CREATE INDEX "conversions_journey_idx" ON "conversions"  ("journey_id", "at") ');
    await queryRunner.query(
      'CREATE TABLE "stage_hourly" ("journey_id" uuid NOT NULL, "stage" text NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "workspace_id" uuid NOT NULL, "entered" integer NOT NULL DEFAULT \'0\', "moved_on" integer NOT NULL DEFAULT \'0\', "cohort_moved_on" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_efc5e41006c0199f417fdfd0925" PRIMARY KEY ("journey_id", "stage", "hour"))',
    );
    await queryRunner.query(
      'CREATE TABLE "stage_time_hourly" ("journey_id" uuid NOT NULL, "stage" text NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "bucket" smallint NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_da46ad24270daae0c83a4e929f2" PRIMARY KEY ("journey_id", "stage", "hour", "bucket"))',
    );
    await queryRunner.query(
      'CREATE TABLE "stage_moves" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "workspace_id" uuid NOT NULL, "journey_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "from_stage" text, "to_stage" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "from_since" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_33ea9b8a6e7e05bd38adf69a4ab" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "stage_moves_journey_idx" ON "stage_moves"  ("journey_id", "id") ');
    await queryRunner.query(
      'CREATE TABLE "stage_nps" ("event_id" uuid NOT NULL, "journey_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "stage" text NOT NULL, "score" smallint NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_09cd61d7c001d5fb9522343598b" PRIMARY KEY ("event_id", "journey_id"))',
    );
    await queryRunner.query('CREATE INDEX "stage_nps_journey_idx" ON "stage_nps"  ("journey_id", "at") ');
    // Existing runs: updated_at is when the run last moved (a stage run is only updated when its stage changes).
    await queryRunner.query('ALTER TABLE "runs" ADD "position_since" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('UPDATE "runs" SET "position_since" = "updated_at"');
    await queryRunner.query('ALTER TABLE "runs" ALTER COLUMN "position_since" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "runs" ADD "holdout" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "runs" ADD "converted_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "effects" ADD "journey_id" uuid');
    await queryRunner.query('ALTER TABLE "effects" ADD "step_id" text');
    await queryRunner.query(
      `UPDATE "effects" e SET "journey_id" = r."journey_id", "step_id" = e."payload"->>'stepId' FROM "runs" r WHERE r."id" = e."run_id"`,
    );
    // Stage history so far, from the stage runs' logs; the rollup folds it into stage_hourly.
    await queryRunner.query(
      `INSERT INTO "stage_moves" ("workspace_id", "journey_id", "contact_id", "from_stage", "to_stage", "at", "from_since")
       SELECT s."workspace_id", r."journey_id", s."contact_id", s."from_position", s."to_position", s."at",
              CASE WHEN s."from_position" IS NULL THEN NULL ELSE lag(s."at") OVER (PARTITION BY s."run_id" ORDER BY s."id") END
         FROM "run_steps" s JOIN "runs" r ON r."id" = s."run_id"
        WHERE r."flow" = '$stage' AND s."to_position" IS NOT NULL AND s."from_position" IS DISTINCT FROM s."to_position"
        ORDER BY s."id"`,
    );
    await queryRunner.query(
      'CREATE INDEX "runs_journey_started_idx" ON "runs"  ("journey_id", "started_at") WHERE flow <> \'$stage\'',
    );
    await queryRunner.query(
      'CREATE INDEX "runs_stage_map_idx" ON "runs"  ("journey_id", "position", "position_since") WHERE flow = \'$stage\'',
    );
    await queryRunner.query(
      'CREATE INDEX "effects_journey_idx" ON "effects"  ("journey_id", "created_at") WHERE journey_id IS NOT NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."effects_journey_idx"');
    await queryRunner.query('DROP INDEX "public"."runs_stage_map_idx"');
    await queryRunner.query('DROP INDEX "public"."runs_journey_started_idx"');
    await queryRunner.query('ALTER TABLE "effects" DROP COLUMN "step_id"');
    await queryRunner.query('ALTER TABLE "effects" DROP COLUMN "journey_id"');
    await queryRunner.query('ALTER TABLE "runs" DROP COLUMN "converted_at"');
    await queryRunner.query('ALTER TABLE "runs" DROP COLUMN "holdout"');
    await queryRunner.query('ALTER TABLE "runs" DROP COLUMN "position_since"');
    await queryRunner.query('DROP INDEX "public"."stage_nps_journey_idx"');
    await queryRunner.query('DROP TABLE "stage_nps"');
    await queryRunner.query('DROP INDEX "public"."stage_moves_journey_idx"');
    await queryRunner.query('DROP TABLE "stage_moves"');
    await queryRunner.query('DROP TABLE "stage_time_hourly"');
    await queryRunner.query('DROP TABLE "stage_hourly"');
    await queryRunner.query('DROP INDEX "public"."conversions_journey_idx"');
    await queryRunner.query('DROP INDEX "public"."conversions_workspace_idx"');
    await queryRunner.query('DROP TABLE "conversions"');
  }
}
