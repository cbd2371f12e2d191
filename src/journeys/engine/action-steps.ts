import type { ActionStep } from '../definition/journey-definition.schema';
import type { ActionEffect } from './engine.types';
import { explain } from './explain';
import type { FlowContext, FlowEvent } from './flow-machine.setup';

type Args = { context: FlowContext; event: FlowEvent };
type Draft = ActionEffect extends infer E ? (E extends ActionEffect ? Omit<E, 'seq'> : never) : never;

/** The effects one action step asks for; an alert with an email and a destination asks for two. */
export function actionDrafts(step: ActionStep): Draft[] {
  switch (step.type) {
    case 'audience.add':
    case 'audience.remove':
      return [
        {
          kind: 'audience',
          stepId: step.id,
          destination: step.destination,
          action: step.type === 'audience.add' ? 'add' : 'remove',
        },
      ];
    case 'webhook.send':
      return [
        {
          kind: 'webhook',
          stepId: step.id,
          destination: step.destination,
          type: 'webhook.send',
          ...(step.data ? { data: structuredClone(step.data) } : {}),
        },
      ];
    case 'alert': {
      const webhook: Draft[] = step.destination
        ? [
            {
              kind: 'webhook',
              stepId: step.id,
              destination: step.destination,
              type: 'alert',
              message: step.message,
            },
          ]
        : [];
      // With neither target the email goes to the workspace's alerts address.
      const email: Draft[] =
        step.email || !step.destination
          ? [
              {
                kind: 'alert',
                stepId: step.id,
                message: step.message,
                ...(step.email ? { to: step.email } : {}),
              },
            ]
          : [];
      return [...email, ...webhook];
    }
    default: {
      const unsupported: never = step;
      throw new Error(`Unsupported action step: ${(unsupported as { type: unknown }).type}`);
    }
  }
}

/** The event being processed, so a webhook or alert can show it; a timer step has none (the trigger is used). */
function causeOf(event: FlowEvent): { eventId?: string } {
  if (event.type === 'start') return { eventId: event.trigger.id };
  if (event.type === 'event') return { eventId: event.event.id };
  return {};
}

/** XState actions that hand out a seq per effect, record each effect and log the step at position `to`. */
export function actionStepActions(step: ActionStep, to: string) {
  const emits = actionDrafts(step).flatMap((draft) => [
    { type: 'nextSeq' as const },
    {
      type: 'emitEffect' as const,
      params: ({ context, event }: Args): ActionEffect =>
        ({
          ...draft,
          ...(draft.kind === 'audience' ? {} : causeOf(event)),
          seq: context.seq,
        }) as ActionEffect,
    },
  ]);
  const log = {
    type: 'log' as const,
    params: ({ context }: Args) => ({ from: context.at, to, reason: explain.action(step, to === 'exited') }),
  };
  return [...emits, log];
}
