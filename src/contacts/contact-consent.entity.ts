import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConsentPurpose, ConsentSource, ConsentStatus } from './consent.types';

/** A contact's current answer per purpose; the history is in `consent_changes`. No row: nothing known. */
@Entity('contact_consents')
@Index('contact_consents_workspace_idx', ['workspaceId', 'purpose', 'status'])
export class ContactConsentEntity {
  @PrimaryColumn('uuid', { name: 'contact_id' })
  contactId!: string;

  @PrimaryColumn('text')
  purpose!: ConsentPurpose;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('text')
  status!: ConsentStatus;

  @Column('text')
  source!: ConsentSource;

  /** How it was given or withdrawn, e.g. `checkout checkbox`, `one-click`, `traits.consent.email_marketing`. */
  @Column('text', { nullable: true })
  method!: string | null;

  /** When the contact gave the answer (an identify's timestamp, or the time of the call). */
  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;

  /** The `consent_changes` row that set it. */
  @Column('uuid', { name: 'change_id' })
  changeId!: string;
}
