import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Proof that a contact was erased: who asked and when, and how much was touched; no personal data. */
@Entity('erasures')
@Index('erasures_workspace_idx', ['workspaceId', 'erasedAt'])
export class ErasureEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  /** The internal id, which the anonymous rows left behind still carry. */
  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  /** The API key that asked, as `key:` + the first 12 hex digits of its hash. */
  @Column('text', { name: 'requested_by' })
  requestedBy!: string;

  @Column('timestamptz', { name: 'erased_at' })
  erasedAt!: Date;

  /** Rows changed per table, e.g. `{ "events": 12, "effectsCancelled": 2 }`. */
  @Column('jsonb')
  counts!: Record<string, number>;
}
