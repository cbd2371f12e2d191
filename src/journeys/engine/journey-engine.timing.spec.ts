import { UnknownFlowError } from './compile-flow';
import { advanceRun, startRun } from './journey-engine';
import { EngineSnapshotError } from './run-snapshot';
import { RunDriver } from './testing/run-driver';
import { T0, aContact, aJourney, anEvent } from './testing/fixtures';

const cartFlow = aJourney(
  [
    {
      id: 'quiet',
      type: 'waitForEvent',
      event: 'Cart Abandoned',
      sameKey: true,
      timeout: 'PT4H',
      restartOn: ['Product Added'],
    },
    { id: 'remind', type: 'email', template: 'remind' },
    { id: 'pause', type: 'wait', duration: 'P1D' },
    { id: 'remind-again', type: 'email', template: 'remind-again' },
  ],
  {
    trigger: { event: 'Product Added' },
    entry: { key: ['properties.cart_id', 'properties.checkout_id'] },
    exit: [{ event: 'Order Completed', sameKey: true }, { event: 'Account Closed' }],
  },
);
const startCart = () =>
  RunDriver.start(cartFlow, 'main', anEvent('Product Added', { cart_id: 'c-17' }), { key: 'c-17' });

describe(`${advanceRun.name}: goals, timers and persistence`, () => {
  describe('exit goals', () => {
    it('end the run from inside a wait, and the wait timer becomes stale', () => {
      const sut = startCart();
      sut.elapse();
      const timer = sut.last.pendingWakeSeq;

      const result = sut.event('Order Completed', { checkout_id: 'x', cart_id: 'c-17' });

      expect(result).toMatchObject({
        status: 'exited',
        position: 'exited',
        pendingWakeSeq: null,
        effects: [],
      });
      expect(result.log).toEqual([
        { from: 'pause', to: 'exited', reason: 'goal reached: Order Completed for cart c-17' },
      ]);
      expect(sut.wake(timer!)).toMatchObject({
        changed: false,
        log: [{ reason: `stale wake-up #${timer} ignored (no timer pending)` }],
      });
    });

    it('match the run key on any key path of the event', () => {
      const sut = RunDriver.start(cartFlow, 'main', anEvent('Product Added', { checkout_id: 'co-9' }), {
        key: 'co-9',
      });

      expect(sut.event('Order Completed', { cart_id: 'c-1', checkout_id: 'co-9' }).status).toBe('exited');
    });

    it('ignore a sameKey goal event for another cart', () => {
      const sut = startCart();

      expect(sut.event('Order Completed', { cart_id: 'c-99' })).toMatchObject({
        changed: false,
        status: 'active',
      });
    });

    it('take precedence over the step awaiting the same event', () => {
      const definition = aJourney(
        [
          {
            id: 'await',
            type: 'waitForEvent',
            event: 'Done',
            onEvent: [{ id: 'mail', type: 'email', template: 'mail' }],
          },
        ],
        { exit: [{ event: 'Done', where: { 'properties.ok': { eq: true } } }] },
      );
      const sut = RunDriver.start(definition, 'main', anEvent('Start'));

      expect(sut.event('Done', { ok: true })).toMatchObject({ status: 'exited', effects: [] });
    });

    it('without sameKey end a keyed run on any matching event', () => {
      const sut = startCart();

      expect(sut.event('Account Closed').log[0].reason).toBe('goal reached: Account Closed');
    });
  });

  describe('restartOn', () => {
    it('restarts the timeout for the same key with a new seq and makes the old wake-up stale', () => {
      const sut = startCart();
      expect(sut.last.pendingWakeSeq).toBe(1);

      const restarted = sut.event('Product Added', { cart_id: 'c-17' });

      expect(restarted.effects).toEqual([{ kind: 'wake', seq: 2, stepId: 'quiet', delayMs: 4 * 3_600_000 }]);
      expect(restarted.log.map((e) => e.reason)).toEqual([
        'Product Added (cart c-17) restarted the PT4H timer',
        'waiting PT4H for Cart Abandoned (cart c-17)',
      ]);
      const stale = sut.wake(1);
      expect(stale).toMatchObject({ changed: false, position: 'quiet', pendingWakeSeq: 2, effects: [] });
      expect(stale.log).toEqual([
        { from: 'quiet', to: 'quiet', reason: 'stale wake-up #1 ignored (waiting for #2)' },
      ]);
      expect(sut.wake(2).effects).toContainEqual(
        expect.objectContaining({ kind: 'email', template: 'remind' }),
      );
    });

    it('does not restart for another cart', () => {
      const sut = startCart();

      expect(sut.event('Product Added', { cart_id: 'c-18' })).toMatchObject({
        changed: false,
        pendingWakeSeq: 1,
      });
    });
  });

  describe('stale wake-ups', () => {
    it('are ignored when the seq was already consumed', () => {
      const sut = startCart();
      sut.elapse();

      expect(sut.wake(1)).toMatchObject({ changed: false, position: 'pause', effects: [] });
      expect(sut.last.log[0].reason).toBe('stale wake-up #1 ignored (waiting for #3)');
    });
  });

  describe('persistence', () => {
    it('returns plain JSON snapshots that survive a round trip at every step', () => {
      const sut = startCart();
      sut.event('Product Added', { cart_id: 'c-17' });
      sut.elapse();
      sut.elapse();

      for (const result of sut.results)
        expect(JSON.parse(JSON.stringify(result.snapshot))).toEqual(result.snapshot);
      expect(sut.emails.map((e) => [e.seq, e.template])).toEqual([
        [3, 'remind'],
        [5, 'remind-again'],
      ]);
      expect(sut.last.status).toBe('completed');
    });

    it('rejects a snapshot that is not one of this flow', () => {
      const advance = (snapshot: unknown) => () =>
        advanceRun({
          definition: cartFlow,
          flowKey: 'main',
          snapshot,
          input: { kind: 'wake', seq: 1 },
          contact: aContact(),
          now: T0,
        });
      const started = startCart().last.snapshot as { context: object };

      expect(advance(null)).toThrow(EngineSnapshotError);
      expect(advance({ ...started, value: { run: 'no-such-step' } })).toThrow(/does not fit the journey/);
      expect(advance({ ...started, context: { ...started.context, seq: 'x' } })).toThrow(/no seq/);
    });
  });

  it('throws UnknownFlowError for a flow the definition lacks', () => {
    const start = () =>
      startRun({
        definition: cartFlow,
        flowKey: 'nope',
        trigger: anEvent('Start'),
        contact: aContact(),
        key: null,
        now: T0,
      });

    expect(start).toThrow(UnknownFlowError);
  });
});
