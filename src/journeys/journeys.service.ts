import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DomainError, notFound } from '../common/domain-error';
import { rows } from '../database/sql';
import { checkDestinationRefs } from '../destinations/destination-refs';
import { effectJob } from '../scheduling/queue-catalogue';
import { QueueService } from '../scheduling/queue.service';
import { JourneyValidationError, validateJourneyDefinition } from './definition/validate-journey';
import { getJourneyTemplate, UnknownJourneyTemplateError } from './definition/templates/journey-templates';
import type { JourneyDefinition } from './definition/journey-definition.schema';
import type { JourneySource, JourneyStatus } from './journey.entity';

export interface JourneyView {
  key: string;
  name: string;
  status: JourneyStatus;
  publishedVersion: number | null;
  latestVersion: number;
  draft: { source: JourneySource; definition: unknown };
  versions?: { version: number; publishedAt: Date; activeRuns: number }[];
}

interface JourneyRow {
  id: string;
  key: string;
  name: string;
  status: JourneyStatus;
  draft_source: JourneySource;
  draft_definition: unknown;
  published_version_id: string | null;
  latest_version: number;
  published_version: number | null;
}

export const DEFAULT_JOURNEY_KEY = 'customer-lifecycle';

/** Saving drafts, publishing immutable versions, pausing and resuming. */
@Injectable()
export class JourneysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  /** Reads `{ template, params }` or a definition (bare, or as `{ definition }`) into a validated draft. */
  static toSource(
    key: string,
    body: unknown,
  ): { source: JourneySource; definition: { key: string; name: string } } {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new JourneyValidationError([
        { path: '$', message: 'expected a journey definition or { "template", "params" }' },
      ]);
    }
    const input = body as Record<string, unknown>;
    if (typeof input.template === 'string') {
      const params = (input.params ?? {}) as Record<string, unknown>;
      const definition = JourneysService.fromTemplate(input.template, params);
      if (definition.key !== key) {
        throw new JourneyValidationError([
          {
            path: '$.template',
            message: `template "${input.template}" makes journey "${definition.key}", not "${key}"`,
          },
        ]);
      }
      return { source: { kind: 'template', template: input.template, params }, definition };
    }
    const raw = 'definition' in input ? input.definition : input;
    const withKey = raw && typeof raw === 'object' ? { key, ...(raw as object) } : raw;
    const definition = validateJourneyDefinition(withKey);
    if (definition.key !== key) {
      throw new JourneyValidationError([{ path: '$.key', message: `must be "${key}", the key in the URL` }]);
    }
    return { source: { kind: 'definition', definition: raw }, definition };
  }

  private static fromTemplate(template: string, params: unknown) {
    try {
      return getJourneyTemplate(template).build(params);
    } catch (error) {
      if (error instanceof UnknownJourneyTemplateError)
        throw new JourneyValidationError([{ path: '$.template', message: error.message }]);
      throw error;
    }
  }

  async save(workspaceId: string, key: string, body: unknown): Promise<JourneyView> {
    const { source, definition } = JourneysService.toSource(key, body);
    await this.dataSource.query(
      `INSERT INTO journeys (id, workspace_id, key, name, status, draft_source, draft_definition, latest_version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'draft', $5, $6, 0, now(), now())
       ON CONFLICT (workspace_id, key) DO UPDATE
         SET name = EXCLUDED.name, draft_source = EXCLUDED.draft_source, draft_definition = EXCLUDED.draft_definition, updated_at = now()`,
      [uuidv7(), workspaceId, key, definition.name, JSON.stringify(source), JSON.stringify(definition)],
    );
    return this.get(workspaceId, key);
  }

  /** What publishing checks beyond the definition itself: the destinations its steps name exist. */
  async checkPublishable(workspaceId: string, key: string, body: unknown): Promise<void> {
    const { definition } = JourneysService.toSource(key, body);
    await checkDestinationRefs(this.dataSource, workspaceId, definition as JourneyDefinition);
  }

  /** Publishes the draft as a new version; publishing an unchanged draft again makes no new version. */
  async publish(workspaceId: string, key: string): Promise<JourneyView> {
    await this.dataSource.transaction(async (manager) => {
      const journey = await this.lockJourney(manager, workspaceId, key);
      // Steps name destinations by key; a missing or wrong-typed one fails the publish with its path.
      await checkDestinationRefs(manager, workspaceId, journey.draft_definition as JourneyDefinition);
      const [latest] = await rows<{ definition: unknown }>(
        manager,
        `SELECT definition FROM journey_versions WHERE journey_id = $1 ORDER BY version DESC LIMIT 1`,
        [journey.id],
      );
      const unchanged =
        latest && JSON.stringify(latest.definition) === JSON.stringify(journey.draft_definition);
      if (!unchanged) {
        const versionId = uuidv7();
        await manager.query(
          `INSERT INTO journey_versions (id, workspace_id, journey_id, version, source, definition, published_at)
           VALUES ($1, $2, $3, $4, $5, $6, now())`,
          [
            versionId,
            workspaceId,
            journey.id,
            journey.latest_version + 1,
            JSON.stringify(journey.draft_source),
            JSON.stringify(journey.draft_definition),
          ],
        );
        await manager.query(
          `UPDATE journeys SET published_version_id = $2, latest_version = latest_version + 1, status = 'published', updated_at = now() WHERE id = $1`,
          [journey.id, versionId],
        );
      } else {
        await manager.query(`UPDATE journeys SET status = 'published', updated_at = now() WHERE id = $1`, [
          journey.id,
        ]);
      }
    });
    return this.get(workspaceId, key);
  }

  /** Paused: nobody new enters, runs go on, and their sends are held until resume. */
  async pause(workspaceId: string, key: string): Promise<JourneyView> {
    const journey = await this.lockJourney(this.dataSource.manager, workspaceId, key, false);
    if (journey.status !== 'published')
      throw new DomainError('journey_not_published', `journey ${key} is ${journey.status}`, 409);
    await this.dataSource.query(`UPDATE journeys SET status = 'paused', updated_at = now() WHERE id = $1`, [
      journey.id,
    ]);
    return this.get(workspaceId, key);
  }

  /** Resumes a paused journey and releases the sends held meanwhile (each is re-checked before it goes out). */
  async resume(workspaceId: string, key: string): Promise<JourneyView> {
    const journey = await this.lockJourney(this.dataSource.manager, workspaceId, key, false);
    if (journey.status !== 'paused')
      throw new DomainError('journey_not_paused', `journey ${key} is ${journey.status}`, 409);
    const released = await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE journeys SET status = 'published', updated_at = now() WHERE id = $1`, [
        journey.id,
      ]);
      return rows<{ id: string; kind: string }>(
        manager,
        `UPDATE effects e SET status = 'pending', reason = NULL FROM runs r
          WHERE e.run_id = r.id AND r.journey_id = $1 AND e.status = 'held' RETURNING e.id, e.kind`,
        [journey.id],
      );
    });
    await this.queues.enqueue(released.map(({ id, kind }) => effectJob(kind, id)));
    return this.get(workspaceId, key);
  }

  async list(workspaceId: string): Promise<JourneyView[]> {
    const all = await rows<JourneyRow>(
      this.dataSource,
      `${SELECT_JOURNEY} WHERE j.workspace_id = $1 ORDER BY j.key`,
      [workspaceId],
    );
    return all.map((row) => this.view(row));
  }

  async get(workspaceId: string, key: string): Promise<JourneyView> {
    const journey = await this.lockJourney(this.dataSource.manager, workspaceId, key, false);
    const versions = await rows<{ version: number; published_at: Date; active_runs: string }>(
      this.dataSource,
      `SELECT v.version, v.published_at,
              (SELECT count(*) FROM runs r WHERE r.journey_version_id = v.id AND r.status = 'active' AND r.flow <> '$stage') AS active_runs
         FROM journey_versions v WHERE v.journey_id = $1 ORDER BY v.version`,
      [journey.id],
    );
    return {
      ...this.view(journey),
      versions: versions.map((v) => ({
        version: v.version,
        publishedAt: v.published_at,
        activeRuns: Number(v.active_runs),
      })),
    };
  }

  /** A new workspace gets the default journey, published. */
  async ensureDefault(workspaceId: string): Promise<void> {
    const existing = await rows(
      this.dataSource,
      `SELECT 1 FROM journeys WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, DEFAULT_JOURNEY_KEY],
    );
    if (existing.length > 0) return;
    await this.save(workspaceId, DEFAULT_JOURNEY_KEY, { template: DEFAULT_JOURNEY_KEY, params: {} });
    await this.publish(workspaceId, DEFAULT_JOURNEY_KEY);
  }

  private async lockJourney(
    manager: EntityManager,
    workspaceId: string,
    key: string,
    forUpdate = true,
  ): Promise<JourneyRow> {
    const [journey] = await rows<JourneyRow>(
      manager,
      `${SELECT_JOURNEY} WHERE j.workspace_id = $1 AND j.key = $2 ${forUpdate ? 'FOR UPDATE OF j' : ''}`,
      [workspaceId, key],
    );
    if (!journey) throw notFound(`journey ${key}`);
    return journey;
  }

  private view(row: JourneyRow): JourneyView {
    return {
      key: row.key,
      name: row.name,
      status: row.status,
      publishedVersion: row.published_version,
      latestVersion: row.latest_version,
      draft: { source: row.draft_source, definition: row.draft_definition },
    };
  }
}

const SELECT_JOURNEY = `SELECT j.*, v.version AS published_version FROM journeys j LEFT JOIN journey_versions v ON v.id = j.published_version_id`;
