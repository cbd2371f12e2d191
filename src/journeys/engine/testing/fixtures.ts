import type { JourneyDefinition, Step } from '../../definition/journey-definition.schema';
import { validateJourneyDefinition } from '../../definition/validate-journey';
import type { ContactView, JourneyEvent } from '../engine.types';

// Test factories for the pure engine; no jest globals, so the build can include them.

export const T0 = new Date('2025-03-01T10:00:00.000Z');
let nextEventId = 0;

export function anEvent(name: string, properties: Record<string, unknown> = {}, at: Date = T0): JourneyEvent {
  nextEventId += 1;
  return { id: `evt-${nextEventId}`, name, timestamp: at.toISOString(), properties };
}

export function aContact(traits: Record<string, unknown> = {}): ContactView {
  return { id: 'contact-1', traits: { email: 'jane@example.com', ...traits } };
}

/** A valid one-flow journey `test` whose flow `main` runs the given steps. */
export function aJourney(
  steps: Step[],
  flow: Partial<JourneyDefinition['flows'][string]> = {},
  journey: Partial<JourneyDefinition> = {},
): JourneyDefinition {
  return validateJourneyDefinition({
    key: 'test',
    name: 'Test journey',
    stages: ['awareness', 'consideration', 'decision'],
    flows: { main: { name: 'Main', trigger: { event: 'Start' }, steps, ...flow } },
    ...journey,
  });
}
