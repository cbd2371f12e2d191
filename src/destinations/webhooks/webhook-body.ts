import { LiquidError } from 'liquidjs';
import { liquidMessage, subjectLiquid } from '../../channels/email/email-liquid';

/** The default body of every webhook: what happened, to whom, where in which journey. */
export interface WebhookEnvelope {
  type: 'webhook.send' | 'alert';
  /** The event being processed when the step ran (the run's trigger when a timer moved it). */
  event: { id: string; name: string | null; timestamp: string; properties: Record<string, unknown> } | null;
  contact: { id: string; userId: string; email: string | null; traits: Record<string, unknown> };
  journey: { key: string; version: number; flow: string; runId: string; step: string };
  /** The contact's stage on the journey map when the step ran. */
  stage: string | null;
  occurredAt: string;
  data?: Record<string, unknown>;
  message?: string;
}

/** A template that cannot render (a Liquid error); the delivery is recorded as failed, never retried. */
export class WebhookBodyError extends Error {}

async function render(source: string, scope: object): Promise<string> {
  try {
    return await subjectLiquid.parseAndRender(source, scope);
  } catch (error) {
    if (error instanceof LiquidError) throw new WebhookBodyError(liquidMessage(error));
    throw error;
  }
}

/** Alert text: Liquid over the envelope, so `{{ contact.email }}` and `{{ event.properties.score }}` work. */
export async function renderMessage(
  message: string,
  envelope: Omit<WebhookEnvelope, 'message'>,
): Promise<string> {
  return (await render(message, envelope)).trim();
}

/** The JSON envelope, or the destination's Liquid body template rendered over it. */
export async function renderWebhookBody(
  envelope: WebhookEnvelope,
  bodyTemplate: string | null | undefined,
): Promise<{ body: string; contentType: string }> {
  if (!bodyTemplate) return { body: JSON.stringify(envelope), contentType: 'application/json' };
  const body = await render(bodyTemplate, envelope);
  return { body, contentType: isJson(body) ? 'application/json' : 'text/plain; charset=utf-8' };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
