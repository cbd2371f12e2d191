import { Injectable } from '@nestjs/common';
import { Duration } from 'luxon';
import type { EntityManager } from 'typeorm';
import { rows } from '../../database/sql';
import type { JourneyDefinition } from '../../journeys/definition/journey-definition.schema';
import { WorkspaceSettingsService } from '../../workspaces/workspace-settings.service';
import type { CapCompetitor } from './frequency-cap.util';
import { decideSendPolicy, type SendPolicyDecision } from './send-policy';
import { SendWindowSchema } from './send-window.schema';
import { recipientZone } from './send-window.util';

/** A journey without `settings.priority` ranks in the middle. */
export const DEFAULT_PRIORITY = 50;

// Marketing email effects; an effect without a class is marketing, like the send path reads it.
const MARKETING_EMAIL = `e.kind = 'email' AND coalesce(e.payload->>'messageClass', 'marketing') = 'marketing'`;

export interface SendPolicyInput {
  effectId: string;
  workspaceId: string;
  contact: { id: string; traits: Record<string, unknown> };
  definition: JourneyDefinition;
  messageClass: 'marketing' | 'transactional';
  now: Date;
}

/**
 * Applies quiet hours and the email frequency cap to one send. Call it inside the send's transaction, after the
 * contact lock: the counted deliveries and pending sends cannot change underneath it.
 */
@Injectable()
export class SendPolicyService {
  constructor(private readonly settings: WorkspaceSettingsService) {}

  async decide(manager: EntityManager, input: SendPolicyInput): Promise<SendPolicyDecision> {
    const settings = await this.settings.get(input.workspaceId, manager);
    const journeyWindow = input.definition.settings?.sendWindow;
    const cap = input.messageClass === 'marketing' ? settings.frequencyCap.email : null;
    const periodStart = cap ? new Date(input.now.getTime() - Duration.fromISO(cap.per).toMillis()) : null;
    const periodEnd = cap ? new Date(input.now.getTime() + Duration.fromISO(cap.per).toMillis()) : null;
    return decideSendPolicy({
      now: input.now,
      effectId: input.effectId,
      messageClass: input.messageClass,
      zone: recipientZone(input.contact.traits.timezone, settings.timezone),
      window: journeyWindow ? SendWindowSchema.parse(journeyWindow) : settings.sendWindow,
      windowSource: journeyWindow ? 'journey' : 'workspace',
      cap,
      priority: input.definition.settings?.priority ?? DEFAULT_PRIORITY,
      recentSends: periodStart ? await this.recentSends(manager, input, periodStart) : [],
      competitors: periodEnd ? await this.competitors(manager, input, periodEnd) : [],
    });
  }

  /** Claim times of the contact's other marketing emails since `since` (claimed or sent; failed ones went nowhere). */
  private async recentSends(manager: EntityManager, input: SendPolicyInput, since: Date): Promise<Date[]> {
    const found = await rows<{ created_at: Date }>(
      manager,
      `SELECT d.created_at FROM deliveries d JOIN effects e ON e.id = d.effect_id
        WHERE d.contact_id = $1 AND d.channel = 'email' AND d.status <> 'failed' AND d.created_at > $2
          AND d.effect_id <> $3 AND ${MARKETING_EMAIL}`,
      [input.contact.id, since, input.effectId],
    );
    return found.map((row) => row.created_at);
  }

  /** The contact's other pending marketing emails due before `dueBefore`, with their journey's priority. */
  private async competitors(
    manager: EntityManager,
    input: SendPolicyInput,
    dueBefore: Date,
  ): Promise<CapCompetitor[]> {
    const found = await rows<{ id: string; due_at: Date; journey: string; step: string; priority: unknown }>(
      manager,
      `SELECT e.id, e.due_at, j.key AS journey, e.payload->>'stepId' AS step,
              jv.definition->'settings'->'priority' AS priority
         FROM effects e JOIN runs r ON r.id = e.run_id JOIN journeys j ON j.id = r.journey_id
         JOIN journey_versions jv ON jv.id = r.journey_version_id
        WHERE e.contact_id = $1 AND e.status = 'pending' AND e.id <> $2 AND e.due_at < $3 AND r.status <> 'exited'
          AND ${MARKETING_EMAIL}`,
      [input.contact.id, input.effectId, dueBefore],
    );
    return found.map((row) => ({
      effectId: row.id,
      label: `${row.journey}/${row.step}`,
      // Published definitions were validated; anything else ranks as the default.
      priority: typeof row.priority === 'number' ? row.priority : DEFAULT_PRIORITY,
      dueAt: row.due_at,
    }));
  }
}
