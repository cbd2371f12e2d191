import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Destinations1795429787123 implements MigrationInterface {
  name = 'Destinations1795429787123';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audience_memberships" ("destination_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "status" text NOT NULL, "identifiers" jsonb NOT NULL, "run_id" uuid, "reason" text, "delivery_id" text, "added_at" TIMESTAMP WITH TIME ZONE, "removed_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_eb55009c7b51ede863dceb1971b" PRIMARY KEY ("destination_id", "contact_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "audience_memberships_contact_idx" ON "audience_memberships"  ("contact_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "audience_updates" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "workspace_id" uuid NOT NULL, "destination_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "action" text NOT NULL, "identifiers" jsonb NOT NULL, "effect_id" text, "run_id" uuid, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "flushed_at" TIMESTAMP WITH TIME ZONE, "delivery_id" text, CONSTRAINT "PK_2db5bdc7395d0c5e4f6715fd87c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "audience_updates_effect_uq" ON "audience_updates"  ("effect_id") WHERE effect_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "audience_updates_pending_idx" ON "audience_updates"  ("destination_id", "id") WHERE flushed_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "destination_delivery_attempts" ("delivery_id" text NOT NULL, "attempt" integer NOT NULL, "workspace_id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_ms" integer NOT NULL, "outcome" text NOT NULL, "http_status" integer, "error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6964df63e4ae6b1a40092c1f318" PRIMARY KEY ("delivery_id", "attempt"))',
    );
    await queryRunner.query(
      'CREATE TABLE "destination_deliveries" ("id" text NOT NULL, "workspace_id" uuid NOT NULL, "destination_id" uuid NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "effect_id" text, "contact_id" uuid, "request" jsonb NOT NULL, "state" jsonb NOT NULL DEFAULT \'{}\', "attempts" integer NOT NULL DEFAULT \'0\', "round_attempts" integer NOT NULL DEFAULT \'0\', "replays" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE, "lease_until" TIMESTAMP WITH TIME ZONE, "last_http_status" integer, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_05c8e7bee1180bd7b38a99d14b6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "destination_deliveries_destination_idx" ON "destination_deliveries"  ("destination_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "destination_deliveries_due_idx" ON "destination_deliveries"  ("next_attempt_at") WHERE status IN (\'pending\', \'sending\')',
    );
    await queryRunner.query(
      'CREATE INDEX "destination_deliveries_status_idx" ON "destination_deliveries"  ("workspace_id", "status", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "destinations" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "key" text NOT NULL, "type" text NOT NULL, "config" jsonb NOT NULL, "secrets" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_69c5e8db964dcb83d3a0640f3c7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "destinations_workspace_key_uq" ON "destinations"  ("workspace_id", "key") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."destinations_workspace_key_uq"');
    await queryRunner.query('DROP TABLE "destinations"');
    await queryRunner.query('DROP INDEX "public"."destination_deliveries_status_idx"');
    await queryRunner.query('DROP INDEX "public"."destination_deliveries_due_idx"');
    await queryRunner.query('DROP INDEX "public"."destination_deliveries_destination_idx"');
    await queryRunner.query('DROP TABLE "destination_deliveries"');
    await queryRunner.query('DROP TABLE "destination_delivery_attempts"');
    await queryRunner.query('DROP INDEX "public"."audience_updates_pending_idx"');
    await queryRunner.query('DROP INDEX "public"."audience_updates_effect_uq"');
    await queryRunner.query('DROP TABLE "audience_updates"');
    await queryRunner.query('DROP INDEX "public"."audience_memberships_contact_idx"');
    await queryRunner.query('DROP TABLE "audience_memberships"');
  }
}
