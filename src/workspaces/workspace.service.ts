import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export const DEFAULT_WORKSPACE_ID = '00000000-0000-4000-8000-000000000001';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Workspaces, their write keys and the installation secret. */
@Injectable()
export class WorkspaceService {
  private readonly logger = new Logger(WorkspaceService.name);
  private devKey: string | null = null;
  private secret: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the default workspace and its keys: API_KEYS when set, else one generated dev key kept in the database. */
  async bootstrap(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO workspaces (id, name, timezone, created_at) VALUES ($1, 'Default', 'UTC', now()) ON CONFLICT (id) DO NOTHING`,
      [DEFAULT_WORKSPACE_ID],
    );
    if (this.config.API_KEYS.length > 0) {
      for (const key of this.config.API_KEYS) await this.addKey(DEFAULT_WORKSPACE_ID, key, 'API_KEYS');
      await this.dataSource.query(
        `DELETE FROM api_keys WHERE workspace_id = $1 AND label = 'dev' AND NOT (key_hash = ANY($2))`,
        [DEFAULT_WORKSPACE_ID, this.config.API_KEYS.map(hashKey)],
      );
    } else {
      this.devKey = await this.setting(
        'dev_api_key',
        () => `tp_dev_${randomBytes(18).toString('base64url')}`,
      );
      await this.addKey(DEFAULT_WORKSPACE_ID, this.devKey, 'dev');
    }
    this.secret =
      this.config.SECRET_KEY ??
      (await this.setting('secret_key', () => randomBytes(32).toString('base64url')));
  }

  /** The generated key, when API_KEYS is not set (printed at start-up for local use). */
  developmentKey(): string | null {
    return this.devKey;
  }

  /** Secret for signed links; from SECRET_KEY, or generated once per installation. */
  signingSecret(): string {
    if (!this.secret) throw new Error('WorkspaceService.bootstrap() has not run');
    return this.secret;
  }

  async workspaceForKey(key: string): Promise<string | null> {
    const rows: { workspace_id: string }[] = await this.dataSource.query(
      `SELECT workspace_id FROM api_keys WHERE key_hash = $1`,
      [hashKey(key)],
    );
    return rows[0]?.workspace_id ?? null;
  }

  async addKey(workspaceId: string, key: string, label: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO api_keys (key_hash, workspace_id, label, created_at) VALUES ($1, $2, $3, now()) ON CONFLICT (key_hash) DO NOTHING`,
      [hashKey(key), workspaceId, label],
    );
  }

  private async setting(key: string, create: () => string): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO system_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
      [key, create()],
    );
    const rows: { value: string }[] = await this.dataSource.query(
      `SELECT value FROM system_settings WHERE key = $1`,
      [key],
    );
    this.logger.debug(`setting ${key} loaded`);
    return rows[0].value;
  }
}
