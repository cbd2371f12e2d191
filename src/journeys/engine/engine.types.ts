// The contract between the pure journey engine and the services that persist and act on its output.
// Nothing here may import Nest, TypeORM, BullMQ or do I/O.
import type { JourneyDefinition } from '../definition/journey-definition.schema';

/** A stored customer event as the engine sees it. */
export interface JourneyEvent {
  id: string;
  name: string;
  /** Event time (ISO 8601), as sent by the shop. */
  timestamp: string;
  properties: Record<string, unknown>;
}

/** The contact's profile at the time of the step, used by branch and trigger conditions. */
export interface ContactView {
  id: string;
  traits: Record<string, unknown>;
}

/** What the engine is asked to process. */
export type EngineInput =
  | { kind: 'event'; event: JourneyEvent }
  /** A durable wake-up that the scheduler delivers when a wait's due time has come. */
  | { kind: 'wake'; seq: number };

/** Side effects the engine asks for; the caller persists them with id `${runId}.${seq}` and executes them. */
export type EngineEffect =
  | { kind: 'wake'; seq: number; stepId: string; delayMs: number }
  | {
      kind: 'email';
      seq: number;
      stepId: string;
      template: string;
      messageClass: 'marketing' | 'transactional';
      /** Extra template variables from the step (e.g. a discount code); absent when the step has none. */
      data?: Record<string, unknown>;
    }
  /** Adds the contact to, or removes it from, the retargeting audience of a destination (batched per destination). */
  | { kind: 'audience'; seq: number; stepId: string; destination: string; action: 'add' | 'remove' }
  | {
      kind: 'webhook';
      seq: number;
      stepId: string;
      destination: string;
      /** The envelope's `type`: a webhook.send step, or an alert step's webhook target. */
      type: 'webhook.send' | 'alert';
      /** The event being processed when the step ran; absent when a timer moved the run (use the trigger). */
      eventId?: string;
      data?: Record<string, unknown>;
      /** Alert text (Liquid), for type alert. */
      message?: string;
    }
  /** A service alert emailed to the business; `to` absent means the workspace's `alerts.email` setting. */
  | { kind: 'alert'; seq: number; stepId: string; to?: string; message: string; eventId?: string }
  /** Holds the contact's marketing sends for `durationMs` from the effect's creation (scaled like waits). */
  | { kind: 'hold'; seq: number; stepId: string; duration: string; durationMs: number; reason: string };

export type WakeEffect = Extract<EngineEffect, { kind: 'wake' }>;
export type EmailEffect = Extract<EngineEffect, { kind: 'email' }>;
export type AudienceEffect = Extract<EngineEffect, { kind: 'audience' }>;
export type WebhookEffect = Extract<EngineEffect, { kind: 'webhook' }>;
export type AlertEffect = Extract<EngineEffect, { kind: 'alert' }>;
export type HoldEffect = Extract<EngineEffect, { kind: 'hold' }>;
/** Effects of the action steps (audience, webhook, alert). */
export type ActionEffect = AudienceEffect | WebhookEffect | AlertEffect;

export type RunStatus = 'active' | 'completed' | 'exited';

export interface StepLogEntry {
  /** Step id (or stage name for the stage flow) before and after. */
  from: string | null;
  to: string | null;
  /** Human readable reason, e.g. "goal reached: Order Completed for cart c-17". */
  reason: string;
}

export interface StepResult {
  /** JSON-serialisable persisted XState snapshot. */
  snapshot: unknown;
  status: RunStatus;
  /** Current step id (flows) or stage name (the stage flow). */
  position: string;
  effects: EngineEffect[];
  log: StepLogEntry[];
  /** Seq of the wake-up the run is waiting for now, if any; other pending wake-ups of the run are stale. */
  pendingWakeSeq: number | null;
  /** Whether the input changed anything (a stale wake-up or an event the flow ignores does not). */
  changed: boolean;
}

export interface StartInput {
  definition: JourneyDefinition;
  flowKey: string;
  trigger: JourneyEvent;
  contact: ContactView;
  /** Entry key (cart id, order id), or null for unkeyed flows. */
  key: string | null;
  now: Date;
}

export interface AdvanceInput {
  definition: JourneyDefinition;
  flowKey: string;
  snapshot: unknown;
  input: EngineInput;
  contact: ContactView;
  now: Date;
}

/** Input for the stage flow; the customer's position on the journey map moves on events only (wakes are no-ops). */
export type StageAdvanceInput = Omit<AdvanceInput, 'flowKey'>;

/** A flow whose trigger matched an event; the caller still applies the flow's re-entry rule. */
export interface TriggerMatch {
  flowKey: string;
  key: string | null;
}
