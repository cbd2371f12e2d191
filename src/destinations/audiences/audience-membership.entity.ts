import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** adding/removing: sent in a delivery not confirmed yet; add-failed/remove-failed: that delivery was dead-lettered. */
export type MembershipStatus = 'adding' | 'added' | 'add-failed' | 'removing' | 'removed' | 'remove-failed';

/** Hashed identifiers as sent to the platform: SHA-256 hex of the normalised email and phone. */
export interface AudienceIdentifiers {
  email?: string;
  phone?: string;
}

/**
 * A contact's membership of one audience destination. The identifiers are the hashes sent when it was added, so a
 * removal still works after the contact's personal data is erased.
 */
@Entity('audience_memberships')
@Index('audience_memberships_contact_idx', ['contactId'])
export class AudienceMembershipEntity {
  @PrimaryColumn('uuid', { name: 'destination_id' })
  destinationId!: string;

  @PrimaryColumn('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('text')
  status!: MembershipStatus;

  @Column('jsonb')
  identifiers!: AudienceIdentifiers;

  /** The run whose step made the last change, if a run did. */
  @Column('uuid', { name: 'run_id', nullable: true })
  runId!: string | null;

  /** Why the last change was made (a step id, `unsubscribed`, ...). */
  @Column('text', { nullable: true })
  reason!: string | null;

  /** The delivery carrying the last change. */
  @Column('text', { name: 'delivery_id', nullable: true })
  deliveryId!: string | null;

  @Column('timestamptz', { name: 'added_at', nullable: true })
  addedAt!: Date | null;

  @Column('timestamptz', { name: 'removed_at', nullable: true })
  removedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
