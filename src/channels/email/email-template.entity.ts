import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A workspace's edit of a built-in (or its own) email template, per locale. */
@Entity('email_templates')
export class EmailTemplateEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @PrimaryColumn('text')
  key!: string;

  @PrimaryColumn('text')
  locale!: string;

  @Column('text')
  subject!: string;

  @Column('text')
  mjml!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
