import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { parseInput } from '../common/zod-errors';
import { rows, type Queryable } from '../database/sql';
import { WorkspaceSettingsSchema, type WorkspaceSettings } from './workspace-settings.schema';

const CACHE_MS = 5_000;

/** Reads (briefly cached) and updates a workspace's settings document. */
@Injectable()
export class WorkspaceSettingsService {
  private readonly cache = new Map<string, { settings: WorkspaceSettings; until: number }>();

  constructor(private readonly dataSource: DataSource) {}

  /** Inside a transaction, pass its manager as `db` so a cache miss reads on the same connection. */
  async get(workspaceId: string, db: Queryable = this.dataSource): Promise<WorkspaceSettings> {
    const cached = this.cache.get(workspaceId);
    if (cached && cached.until > Date.now()) return cached.settings;
    const [row] = await rows<{ settings: unknown }>(db, `SELECT settings FROM workspaces WHERE id = $1`, [
      workspaceId,
    ]);
    const settings = WorkspaceSettingsSchema.parse(row?.settings ?? {});
    this.cache.set(workspaceId, { settings, until: Date.now() + CACHE_MS });
    return settings;
  }

  /** Merges a partial document (one level deep) into the current one, validating the result as a whole. */
  async update(workspaceId: string, patch: unknown): Promise<WorkspaceSettings> {
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
      throw new DomainError('validation_failed', 'settings must be an object', 400, [
        { path: '$', message: 'expected an object' },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const [row] = await rows<{ settings: Record<string, unknown> }>(
        manager,
        `SELECT settings FROM workspaces WHERE id = $1 FOR UPDATE`,
        [workspaceId],
      );
      const current = row?.settings ?? {};
      const merged: Record<string, unknown> = { ...current };
      for (const [key, value] of Object.entries(patch)) {
        const before = current[key];
        const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
        merged[key] =
          isObject(before) && isObject(value) ? { ...(before as object), ...(value as object) } : value;
      }
      const settings = parseInput(WorkspaceSettingsSchema, merged, 'the settings are invalid');
      await manager.query(`UPDATE workspaces SET settings = $2, name = $3, timezone = $4 WHERE id = $1`, [
        workspaceId,
        JSON.stringify(merged),
        settings.name,
        settings.timezone,
      ]);
      this.cache.delete(workspaceId);
      return settings;
    });
  }
}
