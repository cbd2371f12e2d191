import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailboxHtml1795426897374 implements MigrationInterface {
  name = 'MailboxHtml1795426897374';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mailbox_messages" ADD "html" text NOT NULL DEFAULT \'\'');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mailbox_messages" DROP COLUMN "html"');
  }
}
