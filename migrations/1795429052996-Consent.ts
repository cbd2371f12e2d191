import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Consent1795429052996 implements MigrationInterface {
  name = 'Consent1795429052996';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "consent_changes" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "purpose" text NOT NULL, "status" text NOT NULL, "source" text NOT NULL, "method" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f4850b13119aa9827167dd3d8b1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "consent_changes_contact_idx" ON "consent_changes"  ("contact_id", "at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "contact_consents" ("contact_id" uuid NOT NULL, "purpose" text NOT NULL, "workspace_id" uuid NOT NULL, "status" text NOT NULL, "source" text NOT NULL, "method" text, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "change_id" uuid NOT NULL, CONSTRAINT "PK_ed0b4b1367be441763af0bdf78e" PRIMARY KEY ("contact_id", "purpose"))',
    );
    await queryRunner.query(
      'CREATE INDEX "contact_consents_workspace_idx" ON "contact_consents"  ("workspace_id", "purpose", "status") ',
    );
    await queryRunner.query(
      'CREATE TABLE "erasures" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "requested_by" text NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, "counts" jsonb NOT NULL, CONSTRAINT "PK_4f2c0a9f8284d4e1906cb029caf" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "erasures_workspace_idx" ON "erasures"  ("workspace_id", "erased_at") ',
    );
    // Suppressions move from the contact to the address: existing rows take their contact's address.
    await queryRunner.query('ALTER TABLE "suppressions" ADD "address_hash" text');
    await queryRunner.query('ALTER TABLE "suppressions" ADD "address" text');
    await queryRunner.query('ALTER TABLE "suppressions" ADD "note" text');
    await queryRunner.query(
      `UPDATE "suppressions" s SET "address" = c."email", "address_hash" = encode(sha256(convert_to(c."email", 'UTF8')), 'hex') FROM "contacts" c WHERE c."id" = s."contact_id" AND c."email" IS NOT NULL`,
    );
    await queryRunner.query('DELETE FROM "suppressions" WHERE "address_hash" IS NULL');
    await queryRunner.query(
      'DELETE FROM "suppressions" a USING "suppressions" b WHERE a."workspace_id" = b."workspace_id" AND a."channel" = b."channel" AND a."address_hash" = b."address_hash" AND a."contact_id" > b."contact_id"',
    );
    await queryRunner.query('ALTER TABLE "suppressions" ALTER COLUMN "address_hash" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "suppressions" DROP CONSTRAINT "PK_2e4a506d10ebd577f01a6c7ebab"');
    await queryRunner.query('ALTER TABLE "suppressions" ALTER COLUMN "contact_id" DROP NOT NULL');
    await queryRunner.query(
      'ALTER TABLE "suppressions" ADD CONSTRAINT "PK_d79b3d9bcc25d4b6702ca15ed2c" PRIMARY KEY ("workspace_id", "channel", "address_hash")',
    );
    await queryRunner.query(
      'CREATE INDEX "suppressions_workspace_created_idx" ON "suppressions"  ("workspace_id", "created_at") ',
    );
    await queryRunner.query('CREATE INDEX "suppressions_contact_idx" ON "suppressions"  ("contact_id") ');
    await queryRunner.query('ALTER TABLE "effects" ALTER COLUMN "run_id" DROP NOT NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM "effects" WHERE "run_id" IS NULL');
    await queryRunner.query('ALTER TABLE "effects" ALTER COLUMN "run_id" SET NOT NULL');
    await queryRunner.query('DROP INDEX "public"."suppressions_contact_idx"');
    await queryRunner.query('DROP INDEX "public"."suppressions_workspace_created_idx"');
    await queryRunner.query('ALTER TABLE "suppressions" DROP CONSTRAINT "PK_d79b3d9bcc25d4b6702ca15ed2c"');
    await queryRunner.query('DELETE FROM "suppressions" WHERE "contact_id" IS NULL');
    await queryRunner.query('ALTER TABLE "suppressions" ALTER COLUMN "contact_id" SET NOT NULL');
    await queryRunner.query(
      'ALTER TABLE "suppressions" ADD CONSTRAINT "PK_2e4a506d10ebd577f01a6c7ebab" PRIMARY KEY ("workspace_id", "contact_id", "channel")',
    );
    await queryRunner.query('ALTER TABLE "suppressions" DROP COLUMN "note"');
    await queryRunner.query('ALTER TABLE "suppressions" DROP COLUMN "address"');
    await queryRunner.query('ALTER TABLE "suppressions" DROP COLUMN "address_hash"');
    await queryRunner.query('DROP INDEX "public"."erasures_workspace_idx"');
    await queryRunner.query('DROP TABLE "erasures"');
    await queryRunner.query('DROP INDEX "public"."contact_consents_workspace_idx"');
    await queryRunner.query('DROP TABLE "contact_consents"');
    await queryRunner.query('DROP INDEX "public"."consent_changes_contact_idx"');
    await queryRunner.query('DROP TABLE "consent_changes"');
  }
}
