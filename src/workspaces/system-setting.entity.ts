import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Installation-wide values generated once (e.g. the token secret when SECRET_KEY is not set). */
@Entity('system_settings')
export class SystemSettingEntity {
  @PrimaryColumn('text')
  key!: string;

  @Column('text')
  value!: string;
}
