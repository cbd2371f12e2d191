import { validateJourneyDefinition } from '../definition/validate-journey';
import { startRun } from './journey-engine';
import { T0, aContact, aJourney, anEvent } from './testing/fixtures';

describe(`${startRun.name}: the hold step`, () => {
  const run = (steps: Parameters<typeof aJourney>[0]) =>
    startRun({
      definition: aJourney(steps),
      flowKey: 'main',
      trigger: anEvent('Start'),
      contact: aContact(),
      key: null,
      now: T0,
    });

  it('asks for a hold after the effects before it, logs until when, and moves on at once', () => {
    const sut = run([
      { id: 'tell', type: 'alert', email: 'team@shop.test', message: 'Call them' },
      { id: 'pause', type: 'hold', duration: 'P14D', reason: 'paused after a detractor answer' },
      { id: 'note', type: 'email', template: 'nps-thanks', class: 'transactional' },
    ]);

    expect(sut.effects.map((e) => [e.kind, e.seq])).toEqual([
      ['alert', 1],
      ['hold', 2],
      ['email', 3],
    ]);
    expect(sut.effects[1]).toEqual({
      kind: 'hold',
      seq: 2,
      stepId: 'pause',
      duration: 'P14D',
      durationMs: 14 * 86_400_000,
      reason: 'paused after a detractor answer',
    });
    expect(sut.log[2]).toEqual({
      from: 'tell',
      to: 'pause',
      reason:
        'marketing sends held for P14D, until 2025-03-15T10:00:00.000Z: paused after a detractor answer',
    });
    expect(sut.status).toBe('completed');
  });

  it('has a default reason', () => {
    const sut = run([{ id: 'pause', type: 'hold', duration: 'PT1H' }]);

    expect(sut.effects[0]).toMatchObject({
      kind: 'hold',
      reason: 'paused by the journey',
      durationMs: 3_600_000,
    });
  });

  it('rejects a hold without a valid duration, with its path', () => {
    const bad = () =>
      validateJourneyDefinition({
        key: 'test',
        name: 'Test',
        stages: ['a'],
        flows: {
          main: {
            name: 'Main',
            trigger: { event: 'Start' },
            steps: [{ id: 'h', type: 'hold', duration: 'soon' }],
          },
        },
      });

    expect(bad).toThrow(
      expect.objectContaining({
        errors: [expect.objectContaining({ path: '$.flows.main.steps[0].duration' })],
      }),
    );
  });
});
