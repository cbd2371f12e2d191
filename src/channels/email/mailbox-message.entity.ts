import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The dev mailbox: what would have been sent when no SMTP_URL is configured. */
@Entity('mailbox_messages')
@Index('mailbox_messages_workspace_idx', ['workspaceId', 'createdAt'])
export class MailboxMessageEntity {
  @PrimaryColumn('text', { name: 'effect_id' })
  effectId!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('text', { name: 'message_id' })
  messageId!: string;

  @Column('text')
  recipient!: string;

  @Column('text')
  subject!: string;

  @Column('text')
  raw!: string;

  /** The rendered HTML part, kept for viewing. */
  @Column('text', { default: '' })
  html!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
