import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConsentPurpose, ConsentSource, ConsentStatus } from './consent.types';

/** Append-only history of consent: every change of status, with its source, method and time. */
@Entity('consent_changes')
@Index('consent_changes_contact_idx', ['contactId', 'at'])
export class ConsentChangeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('text')
  purpose!: ConsentPurpose;

  @Column('text')
  status!: ConsentStatus;

  @Column('text')
  source!: ConsentSource;

  @Column('text', { nullable: true })
  method!: string | null;

  /** When the contact gave the answer. */
  @Column('timestamptz')
  at!: Date;

  /** When Touchpoint recorded it. */
  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}
