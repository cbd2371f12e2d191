import { advanceRun, startRun } from './journey-engine';
import { RunDriver } from './testing/run-driver';
import { T0, aContact, aJourney, anEvent } from './testing/fixtures';

describe(`${startRun.name} and ${advanceRun.name}: action steps`, () => {
  it('asks for audience, webhook and alert effects in step order, each with its own seq', () => {
    const definition = aJourney([
      { id: 'aud-add', type: 'audience.add', destination: 'meta-cart' },
      { id: 'hook', type: 'webhook.send', destination: 'crm', data: { list: 'cart' } },
      { id: 'aud-remove', type: 'audience.remove', destination: 'meta-cart' },
    ]);
    const trigger = anEvent('Start');

    const sut = startRun({ definition, flowKey: 'main', trigger, contact: aContact(), key: null, now: T0 });

    expect(sut.effects).toEqual([
      { kind: 'audience', seq: 1, stepId: 'aud-add', destination: 'meta-cart', action: 'add' },
      {
        kind: 'webhook',
        seq: 2,
        stepId: 'hook',
        destination: 'crm',
        type: 'webhook.send',
        eventId: trigger.id,
        data: { list: 'cart' },
      },
      { kind: 'audience', seq: 3, stepId: 'aud-remove', destination: 'meta-cart', action: 'remove' },
    ]);
    expect(sut.status).toBe('completed');
    expect(sut.log.map((entry) => entry.reason)).toEqual([
      'started by Start',
      'add to audience meta-cart requested',
      'webhook to crm requested',
      'removal from audience meta-cart requested',
      'all steps done',
    ]);
  });

  it.each([
    [
      'email only',
      { email: 'team@shop.test' },
      [{ kind: 'alert', to: 'team@shop.test' }],
      'alert requested (email team@shop.test)',
    ],
    [
      'webhook only',
      { destination: 'ops' },
      [{ kind: 'webhook', destination: 'ops', type: 'alert' }],
      'alert requested (webhook ops)',
    ],
    [
      'both',
      { email: 'team@shop.test', destination: 'ops' },
      [
        { kind: 'alert', seq: 1, to: 'team@shop.test' },
        { kind: 'webhook', seq: 2, destination: 'ops', type: 'alert' },
      ],
      'alert requested (email team@shop.test, webhook ops)',
    ],
    ['neither: the alerts address', {}, [{ kind: 'alert' }], 'alert requested (email to the alerts address)'],
  ])('turns an alert with %s into one effect per target', (_name, targets, effects, reason) => {
    const definition = aJourney([
      { id: 'tell', type: 'alert', message: 'Score {{ event.score }}', ...targets },
    ]);
    const trigger = anEvent('Start', { score: 3 });

    const sut = startRun({ definition, flowKey: 'main', trigger, contact: aContact(), key: null, now: T0 });

    expect(sut.effects).toEqual(
      effects.map((effect) =>
        expect.objectContaining({
          ...effect,
          stepId: 'tell',
          message: 'Score {{ event.score }}',
          eventId: trigger.id,
        }),
      ),
    );
    for (const alert of sut.effects.filter((e) => e.kind === 'alert'))
      expect(alert).not.toHaveProperty('destination');
    expect(sut.log[1].reason).toBe(reason);
  });

  it('names the event that moved the run, and none when a timer did', () => {
    const definition = aJourney([
      { id: 'gate', type: 'waitForEvent', event: 'Go', timeout: 'PT1H', onTimeout: [] },
      { id: 'hook', type: 'webhook.send', destination: 'crm' },
      { id: 'pause', type: 'wait', duration: 'PT1H' },
      { id: 'hook-later', type: 'webhook.send', destination: 'crm' },
    ]);
    const sut = RunDriver.start(definition, 'main', anEvent('Start'));

    const moved = sut.event('Go');
    const woken = sut.elapse();

    const go = moved.effects.find((e) => e.kind === 'webhook');
    expect(go).toMatchObject({ stepId: 'hook', eventId: expect.stringMatching(/^evt-/) });
    expect(woken.effects).toEqual([expect.objectContaining({ kind: 'webhook', stepId: 'hook-later' })]);
    expect(woken.effects[0]).not.toHaveProperty('eventId');
  });

  describe('onExit', () => {
    const definition = aJourney(
      [
        { id: 'aud-add', type: 'audience.add', destination: 'meta-cart' },
        { id: 'pause', type: 'wait', duration: 'P1D' },
        { id: 'stop', type: 'exit', reason: 'enough' },
      ],
      {
        entry: { key: 'properties.cart_id' },
        exit: [{ event: 'Order Completed', sameKey: true }],
        onExit: [{ id: 'aud-remove', type: 'audience.remove', destination: 'meta-cart' }],
      },
    );
    const start = () =>
      RunDriver.start(definition, 'main', anEvent('Start', { cart_id: 'c-1' }), { key: 'c-1' });

    it('runs the onExit steps when an exit goal is reached, with the next seq', () => {
      const sut = start();

      const exited = sut.event('Order Completed', { cart_id: 'c-1' });

      expect(exited.status).toBe('exited');
      expect(exited.effects).toEqual([
        { kind: 'audience', seq: 3, stepId: 'aud-remove', destination: 'meta-cart', action: 'remove' },
      ]);
      expect(exited.log.map((entry) => entry.reason)).toEqual([
        'goal reached: Order Completed for cart c-1',
        'on exit: removal from audience meta-cart requested',
      ]);
      expect(exited.log[1]).toMatchObject({ from: 'pause', to: 'exited' });
    });

    it('runs them at an exit step too, but not when the run completes', () => {
      const sut = start();

      const exited = sut.elapse();

      expect(exited.status).toBe('exited');
      expect(exited.effects).toEqual([
        expect.objectContaining({ kind: 'audience', action: 'remove', seq: 3 }),
      ]);

      const plain = aJourney([{ id: 'aud-add', type: 'audience.add', destination: 'meta-cart' }], {
        onExit: [{ id: 'aud-remove', type: 'audience.remove', destination: 'meta-cart' }],
      });
      const completed = startRun({
        definition: plain,
        flowKey: 'main',
        trigger: anEvent('Start'),
        contact: aContact(),
        key: null,
        now: T0,
      });
      expect(completed.status).toBe('completed');
      expect(completed.effects.map((e) => e.stepId)).toEqual(['aud-add']);
    });

    it('does not run them for another cart or after the run ended', () => {
      const sut = start();

      const other = sut.event('Order Completed', { cart_id: 'c-2' });
      sut.event('Order Completed', { cart_id: 'c-1' });
      const after = sut.event('Order Completed', { cart_id: 'c-1' });

      expect(other.effects).toEqual([]);
      expect(after.effects).toEqual([]);
      expect(after.changed).toBe(false);
    });
  });
});
