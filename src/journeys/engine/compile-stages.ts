import { setup } from 'xstate';
import {
  type Condition,
  type JourneyDefinition,
  type StageRule,
  eventNames,
} from '../definition/journey-definition.schema';
import type { StepLogEntry } from './engine.types';
import { evaluateCondition } from './evaluate-condition';
import { explain } from './explain';
import type { FlowEvent } from './flow-machine.setup';

/** The stage flow only reacts to customer events. */
export type StageEvent = Extract<FlowEvent, { type: 'event' }>;

const stageSetup = setup({
  types: {} as { context: Record<string, never>; events: StageEvent },
  actions: {
    // Returned by transition() as data, never executed.
    log: (_, _entry: StepLogEntry) => {},
  },
  guards: {
    rule: ({ event }, params: { names: string[]; where?: Condition }) =>
      params.names.includes(event.event.name) &&
      (!params.where ||
        evaluateCondition(params.where, { properties: event.event.properties, contact: event.env.contact })),
  },
});

export type StageMachine = ReturnType<typeof stageSetup.createMachine>;

const cache = new WeakMap<JourneyDefinition, StageMachine>();

/** The stage flow: one state per stage, moved by the stage rules in their order (first match wins). */
export function compileStages(definition: JourneyDefinition): StageMachine {
  const cached = cache.get(definition);
  if (cached) return cached;
  const { stages } = definition;
  const rules = definition.stageRules ?? [];
  const states = Object.fromEntries(
    stages.map((stage, index) => {
      const transitions = rules
        .filter((rule) => rule.to !== stage && appliesFrom(rule, stage, index, stages))
        .map((rule) => ({
          guard: { type: 'rule' as const, params: { names: eventNames(rule.event), where: rule.where } },
          target: rule.to,
          actions: [
            {
              type: 'log' as const,
              params: ({ event }: { event: StageEvent }) => ({
                from: stage,
                to: rule.to,
                reason: explain.stageMoved(stage, rule.to, event.event.name),
              }),
            },
          ],
        }));
      return [stage, { on: { event: transitions } }];
    }),
  );
  const machine = stageSetup.createMachine({ id: 'stage', context: {}, initial: stages[0], states });
  cache.set(definition, machine);
  return machine;
}

// Rules without `from` only move forward, so a repeat Lead Created never drags a customer back.
function appliesFrom(rule: StageRule, stage: string, index: number, stages: string[]): boolean {
  if (rule.from === undefined) return stages.indexOf(rule.to) > index;
  return (typeof rule.from === 'string' ? [rule.from] : rule.from).includes(stage);
}
