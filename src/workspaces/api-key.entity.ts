import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A write key of a workspace; only its SHA-256 is stored. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn('text', { name: 'key_hash' })
  keyHash!: string;

  @Index()
  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @Column('text')
  label!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
