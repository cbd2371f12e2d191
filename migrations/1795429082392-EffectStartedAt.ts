import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EffectStartedAt1795429082392 implements MigrationInterface {
  name = 'EffectStartedAt1795429082392';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "effects" ADD "started_at" TIMESTAMP WITH TIME ZONE');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "effects" DROP COLUMN "started_at"');
  }
}
