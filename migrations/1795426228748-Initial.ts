import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795426228748 implements MigrationInterface {
  name = 'Initial1795426228748';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "email_templates" ("workspace_id" uuid NOT NULL, "key" text NOT NULL, "locale" text NOT NULL, "subject" text NOT NULL, "mjml" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b1df24bf115dabbd98bedf48cae" PRIMARY KEY ("workspace_id", "key", "locale"))',
    );
    await queryRunner.query(
      'CREATE TABLE "mailbox_messages" ("effect_id" text NOT NULL, "workspace_id" uuid NOT NULL, "message_id" text NOT NULL, "recipient" text NOT NULL, "subject" text NOT NULL, "raw" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e7fcd2a1949aab034b9cfcfd57c" PRIMARY KEY ("effect_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "mailbox_messages_workspace_idx" ON "mailbox_messages"  ("workspace_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "contacts" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "external_id" text NOT NULL, "email" text, "traits" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "contacts_workspace_external_uq" ON "contacts"  ("workspace_id", "external_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "suppressions" ("workspace_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "channel" text NOT NULL, "reason" text NOT NULL, "source" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2e4a506d10ebd577f01a6c7ebab" PRIMARY KEY ("workspace_id", "contact_id", "channel"))',
    );
    await queryRunner.query(
      'CREATE TABLE "deliveries" ("effect_id" text NOT NULL, "workspace_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "channel" text NOT NULL, "status" text NOT NULL, "message_id" text NOT NULL, "recipient" text, "subject" text, "attempts" integer NOT NULL DEFAULT \'1\', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ccc627eceb08ee652d626920b25" PRIMARY KEY ("effect_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "deliveries_status_idx" ON "deliveries"  ("workspace_id", "status", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "deliveries_contact_idx" ON "deliveries"  ("contact_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "events" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "message_id" text NOT NULL, "type" text NOT NULL, "name" text, "properties" jsonb NOT NULL, "context" jsonb NOT NULL, "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "routed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "events_unrouted_idx" ON "events"  ("received_at") WHERE routed_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "events_contact_name_time_idx" ON "events"  ("contact_id", "name", "timestamp") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "events_workspace_message_uq" ON "events"  ("workspace_id", "message_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "journey_versions" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "journey_id" uuid NOT NULL, "version" integer NOT NULL, "source" jsonb NOT NULL, "definition" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1992e680ae9298ff0c6b7d79178" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "journey_versions_journey_version_uq" ON "journey_versions"  ("journey_id", "version") ',
    );
    await queryRunner.query(
      'CREATE TABLE "journeys" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "key" text NOT NULL, "name" text NOT NULL, "status" text NOT NULL, "draft_source" jsonb NOT NULL, "draft_definition" jsonb NOT NULL, "published_version_id" uuid, "latest_version" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_94b31b067846c92b6811046c81e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "journeys_workspace_key_uq" ON "journeys"  ("workspace_id", "key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "run_steps" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "workspace_id" uuid NOT NULL, "run_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "cause" text NOT NULL, "event_id" uuid, "from_position" text, "to_position" text, "reason" text NOT NULL, CONSTRAINT "PK_2715c16961bdba2e3f7632da164" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "run_steps_contact_idx" ON "run_steps"  ("contact_id", "at") ');
    await queryRunner.query('CREATE INDEX "run_steps_run_idx" ON "run_steps"  ("run_id", "id") ');
    await queryRunner.query(
      'CREATE TABLE "runs" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "journey_id" uuid NOT NULL, "journey_version_id" uuid NOT NULL, "journey_version" integer NOT NULL, "flow" text NOT NULL, "contact_id" uuid NOT NULL, "entry_key" text, "status" text NOT NULL, "position" text NOT NULL, "snapshot" jsonb NOT NULL, "trigger_event_id" uuid, "pending_wake_seq" integer, "lock_version" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_46d6a1e257c38ba58f1a3c30836" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "runs_stage_uq" ON "runs"  ("journey_id", "contact_id") WHERE flow = \'$stage\'',
    );
    await queryRunner.query(
      'CREATE INDEX "runs_entry_idx" ON "runs"  ("journey_id", "flow", "contact_id", "entry_key", "started_at") ',
    );
    await queryRunner.query('CREATE INDEX "runs_contact_status_idx" ON "runs"  ("contact_id", "status") ');
    await queryRunner.query(
      'CREATE TABLE "effects" ("id" text NOT NULL, "workspace_id" uuid NOT NULL, "run_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "payload" jsonb NOT NULL, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_97fd9f6367f88362f45b3af638a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "effects_contact_idx" ON "effects"  ("contact_id", "created_at") ');
    await queryRunner.query('CREATE INDEX "effects_run_idx" ON "effects"  ("run_id") ');
    await queryRunner.query(
      'CREATE INDEX "effects_due_idx" ON "effects"  ("due_at") WHERE status = \'pending\'',
    );
    await queryRunner.query(
      'CREATE TABLE "api_keys" ("key_hash" text NOT NULL, "workspace_id" uuid NOT NULL, "label" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_57384430aa1959f4578046c9b81" PRIMARY KEY ("key_hash"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_deb68fe8625b21785d1c48283e" ON "api_keys"  ("workspace_id") ');
    await queryRunner.query(
      'CREATE TABLE "system_settings" ("key" text NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_b1b5bc664526d375c94ce9ad43d" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "workspaces" ("id" uuid NOT NULL, "name" text NOT NULL, "timezone" text NOT NULL DEFAULT \'UTC\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_098656ae401f3e1a4586f47fd8e" PRIMARY KEY ("id"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "workspaces"');
    await queryRunner.query('DROP TABLE "system_settings"');
    await queryRunner.query('DROP INDEX "public"."IDX_deb68fe8625b21785d1c48283e"');
    await queryRunner.query('DROP TABLE "api_keys"');
    await queryRunner.query('DROP INDEX "public"."effects_due_idx"');
    await queryRunner.query('DROP INDEX "public"."effects_run_idx"');
    await queryRunner.query('DROP INDEX "public"."effects_contact_idx"');
    await queryRunner.query('DROP TABLE "effects"');
    await queryRunner.query('DROP INDEX "public"."runs_contact_status_idx"');
    await queryRunner.query('DROP INDEX "public"."runs_entry_idx"');
    await queryRunner.query('DROP INDEX "public"."runs_stage_uq"');
    await queryRunner.query('DROP TABLE "runs"');
    await queryRunner.query('DROP INDEX "public"."run_steps_run_idx"');
    await queryRunner.query('DROP INDEX "public"."run_steps_contact_idx"');
    await queryRunner.query('DROP TABLE "run_steps"');
    await queryRunner.query('DROP INDEX "public"."journeys_workspace_key_uq"');
    await queryRunner.query('DROP TABLE "journeys"');
    await queryRunner.query('DROP INDEX "public"."journey_versions_journey_version_uq"');
    await queryRunner.query('DROP TABLE "journey_versions"');
    await queryRunner.query('DROP INDEX "public"."events_workspace_message_uq"');
    await queryRunner.query('DROP INDEX "public"."events_contact_name_time_idx"');
    await queryRunner.query('DROP INDEX "public"."events_unrouted_idx"');
    await queryRunner.query('DROP TABLE "events"');
    await queryRunner.query('DROP INDEX "public"."deliveries_contact_idx"');
    await queryRunner.query('DROP INDEX "public"."deliveries_status_idx"');
    await queryRunner.query('DROP TABLE "deliveries"');
    await queryRunner.query('DROP TABLE "suppressions"');
    await queryRunner.query('DROP INDEX "public"."contacts_workspace_external_uq"');
    await queryRunner.query('DROP TABLE "contacts"');
    await queryRunner.query('DROP INDEX "public"."mailbox_messages_workspace_idx"');
    await queryRunner.query('DROP TABLE "mailbox_messages"');
    await queryRunner.query('DROP TABLE "email_templates"');
  }
}
