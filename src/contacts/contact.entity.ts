import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('contacts')
@Index('contacts_workspace_external_uq', ['workspaceId', 'externalId'], { unique: true })
export class ContactEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  /** The shop's userId, or `anon:<anonymousId>` until the visitor is identified. */
  @Column('text', { name: 'external_id' })
  externalId!: string;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('jsonb')
  traits!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
