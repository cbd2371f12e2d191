import { buildCustomerLifecycle } from '../definition/templates/customer-lifecycle.template';
import type { JourneyDefinition } from '../definition/journey-definition.schema';
import type { StepResult } from './engine.types';
import { advanceStage, startStage } from './journey-engine';
import { T0, aContact, anEvent } from './testing/fixtures';

/** Feeds events to the stage flow, round-tripping the snapshot through JSON like the database does. */
function stageDriver(definition: JourneyDefinition) {
  let last: StepResult = startStage(definition, aContact(), T0);
  let stored = JSON.stringify(last.snapshot);
  const send = (input: Parameters<typeof advanceStage>[0]['input']) => {
    last = advanceStage({ definition, snapshot: JSON.parse(stored), input, contact: aContact(), now: T0 });
    if (last.changed) stored = JSON.stringify(last.snapshot);
    return last;
  };
  return {
    first: last,
    event: (name: string, properties: Record<string, unknown> = {}) =>
      send({ kind: 'event', event: anEvent(name, properties) }),
    wake: () => send({ kind: 'wake', seq: 1 }),
  };
}

describe(advanceStage.name, () => {
  const definition = buildCustomerLifecycle();

  it('starts at the first stage', () => {
    const sut = stageDriver(definition);

    expect(sut.first).toMatchObject({ position: 'awareness', status: 'active', changed: true, effects: [] });
    expect(sut.first.log).toEqual([
      { from: null, to: 'awareness', reason: 'entered the journey at awareness' },
    ]);
  });

  it('moves along the stage rules and logs each move', () => {
    const sut = stageDriver(definition);

    expect(sut.event('Lead Created').position).toBe('consideration');
    expect(sut.event('Checkout Started').log).toEqual([
      { from: 'consideration', to: 'decision', reason: 'consideration → decision on Checkout Started' },
    ]);
    expect(sut.event('Order Completed').position).toBe('retention');
    expect(sut.event('NPS Submitted', { score: 7 })).toMatchObject({ changed: false, position: 'retention' });
    expect(sut.event('NPS Submitted', { score: '9' }).position).toBe('advocacy');
  });

  it('never moves back on a rule without `from`', () => {
    const sut = stageDriver(definition);
    sut.event('Order Completed');

    expect(sut.event('Lead Created')).toMatchObject({ changed: false, position: 'retention', log: [] });
  });

  it('moves back on a rule that names its `from` stages', () => {
    const withDetractors: JourneyDefinition = {
      ...definition,
      stageRules: [
        ...(definition.stageRules ?? []),
        {
          event: 'NPS Submitted',
          where: { 'properties.score': { lte: 6 } },
          from: 'advocacy',
          to: 'retention',
        },
      ],
    };
    const sut = stageDriver(withDetractors);
    sut.event('NPS Submitted', { score: 10 });

    expect(sut.event('NPS Submitted', { score: 3 }).position).toBe('retention');
  });

  it('ignores wake-ups', () => {
    expect(stageDriver(definition).wake()).toMatchObject({ changed: false, position: 'awareness', log: [] });
  });
});
