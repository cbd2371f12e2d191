import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';
import { rows } from '../database/sql';

export interface TimelineEntry {
  at: Date;
  kind: 'event' | 'step' | 'scheduled' | 'delivery' | 'consent';
  summary: string;
  reason?: string;
  journey?: string;
  flow?: string;
  ids: Record<string, string>;
}

interface ContactRow {
  id: string;
  external_id: string;
  email: string | null;
  traits: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

/** A customer as Touchpoint sees them: profile, runs, and a timeline that explains every decision. */
@Injectable()
export class ContactsService {
  constructor(private readonly dataSource: DataSource) {}

  async find(workspaceId: string, userId: string): Promise<ContactRow> {
    const [contact] = await rows<ContactRow>(
      this.dataSource,
      `SELECT * FROM contacts WHERE workspace_id = $1 AND external_id = $2`,
      [workspaceId, userId],
    );
    if (!contact) throw notFound(`contact ${userId}`);
    return contact;
  }

  async profile(workspaceId: string, userId: string) {
    const contact = await this.find(workspaceId, userId);
    const runs = await rows<Record<string, unknown>>(
      this.dataSource,
      `SELECT r.id, j.key AS journey, r.journey_version AS version, r.flow, r.entry_key AS key, r.status, r.position,
              s.position AS stage, r.started_at, r.ended_at
         FROM runs r JOIN journeys j ON j.id = r.journey_id
         LEFT JOIN runs s ON s.journey_id = r.journey_id AND s.contact_id = r.contact_id AND s.flow = '$stage'
        WHERE r.contact_id = $1 ORDER BY r.started_at, r.id`,
      [contact.id],
    );
    const { traits } = contact;
    return {
      userId: contact.external_id,
      email: contact.email,
      firstName: traits.first_name ?? null,
      lastName: traits.last_name ?? null,
      timezone: traits.timezone ?? null,
      locale: traits.locale ?? null,
      traits,
      createdAt: contact.created_at,
      updatedAt: contact.updated_at,
      runs: runs.map((run) => ({
        id: run.id,
        journey: run.journey,
        version: run.version,
        flow: run.flow,
        key: run.key,
        stage: run.stage,
        status: run.status,
        position: run.position,
        startedAt: run.started_at,
        endedAt: run.ended_at,
      })),
    };
  }

  /** Events, run steps, scheduled wake-ups, sends (with skip reasons) and consent changes, in time order. */
  async timeline(workspaceId: string, userId: string): Promise<{ userId: string; entries: TimelineEntry[] }> {
    const contact = await this.find(workspaceId, userId);
    const entries = await rows<TimelineEntry & { seq: number; sub: string }>(
      this.dataSource,
      `SELECT * FROM (
         SELECT e.timestamp AS at, 'event' AS kind, coalesce(e.name, e.type) AS summary, NULL AS reason,
                NULL AS journey, NULL AS flow, jsonb_build_object('eventId', e.id, 'messageId', e.message_id) AS ids, 0 AS seq, 0::bigint AS sub
           FROM events e WHERE e.contact_id = $1
         UNION ALL
         SELECT s.at, 'step', coalesce(s.from_position, '(start)') || ' → ' || coalesce(s.to_position, '(end)'), s.reason,
                j.key, r.flow, jsonb_build_object('runId', r.id), 1, s.id
           FROM run_steps s JOIN runs r ON r.id = s.run_id JOIN journeys j ON j.id = r.journey_id WHERE s.contact_id = $1
         UNION ALL
         SELECT f.created_at, 'scheduled',
                CASE WHEN f.kind = 'wake' THEN 'wake-up for ' ELSE 'send ' END || (f.payload->>'stepId') || ' due ' ||
                to_char(f.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' (' || f.status || ')',
                f.reason, j.key, r.flow, jsonb_build_object('effectId', f.id), 2, 0
           FROM effects f LEFT JOIN runs r ON r.id = f.run_id LEFT JOIN journeys j ON j.id = r.journey_id WHERE f.contact_id = $1
         UNION ALL
         SELECT coalesce(d.sent_at, d.created_at), 'delivery', d.channel || ' ' || d.status || ': ' || coalesce(d.subject, ''),
                d.error, j.key, r.flow, jsonb_build_object('effectId', d.effect_id, 'messageId', d.message_id), 3, 0
           FROM deliveries d JOIN effects f ON f.id = d.effect_id LEFT JOIN runs r ON r.id = f.run_id
           LEFT JOIN journeys j ON j.id = r.journey_id WHERE d.contact_id = $1
         UNION ALL
         SELECT c.recorded_at, 'consent', c.purpose || ' ' || c.status || ' (' || c.source || coalesce(', ' || c.method, '') || ')',
                NULL, NULL, NULL, jsonb_build_object('consentChangeId', c.id), 4, 0
           FROM consent_changes c WHERE c.contact_id = $1
       ) t ORDER BY at, seq, sub`,
      [contact.id],
    );
    return {
      userId,
      entries: entries.map(({ seq: _seq, sub: _sub, reason, journey, flow, ...entry }) => ({
        ...entry,
        ...(reason ? { reason } : {}),
        ...(journey ? { journey, flow } : {}),
      })) as TimelineEntry[],
    };
  }
}
