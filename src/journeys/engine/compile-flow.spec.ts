import { compileFlow } from './compile-flow';
import { compileStages } from './compile-stages';
import { aJourney } from './testing/fixtures';

describe(compileFlow.name, () => {
  const steps = [{ id: 'mail', type: 'email' as const, template: 'mail' }];

  it('caches the machine per definition object and flow', () => {
    const definition = aJourney(steps);

    expect(compileFlow(definition, 'main')).toBe(compileFlow(definition, 'main'));
    expect(compileFlow(aJourney(steps), 'main')).not.toBe(compileFlow(definition, 'main'));
    expect(compileStages(definition)).toBe(compileStages(definition));
  });

  it('has one state per step, nested steps included, and no XState timers', () => {
    const definition = aJourney([
      {
        id: 'await',
        type: 'waitForEvent',
        event: 'Ping',
        timeout: 'PT1H',
        onTimeout: [{ id: 'late', type: 'email', template: 'late' }],
      },
      { id: 'pause', type: 'wait', duration: 'PT2H' },
    ]);

    const sut = compileFlow(definition, 'main');

    expect(Object.keys(sut.states.run.states)).toEqual(['late', 'await', 'pause']);
    expect(JSON.stringify(sut.definition)).not.toContain('"after"');
  });
});
