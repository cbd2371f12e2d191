import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type SuppressionReason = 'unsubscribed' | 'bounce' | 'complaint' | 'manual';

/** A contact that must not receive marketing on a channel. */
@Entity('suppressions')
export class SuppressionEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @PrimaryColumn('uuid', { name: 'contact_id' })
  contactId!: string;

  @PrimaryColumn('text')
  channel!: string;

  @Column('text')
  reason!: SuppressionReason;

  @Column('text', { nullable: true })
  source!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
