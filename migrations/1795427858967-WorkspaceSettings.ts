import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WorkspaceSettings1795427858967 implements MigrationInterface {
  name = 'WorkspaceSettings1795427858967';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "workspaces" ADD "settings" jsonb NOT NULL DEFAULT \'{}\'');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "workspaces" DROP COLUMN "settings"');
  }
}
