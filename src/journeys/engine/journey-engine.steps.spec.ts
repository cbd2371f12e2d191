import { advanceRun, startRun } from './journey-engine';
import { RunDriver } from './testing/run-driver';
import { T0, aContact, aJourney, anEvent } from './testing/fixtures';

describe(`${startRun.name} and ${advanceRun.name}: step types`, () => {
  describe('email', () => {
    it('asks for the email as an effect with a seq, the default marketing class and the step data', () => {
      const definition = aJourney([
        { id: 'hello', type: 'email', template: 'welcome' },
        { id: 'receipt', type: 'email', template: 'receipt', class: 'transactional', data: { code: 'X1' } },
      ]);

      const sut = startRun({
        definition,
        flowKey: 'main',
        trigger: anEvent('Start'),
        contact: aContact(),
        key: null,
        now: T0,
      });

      expect(sut.effects).toEqual([
        { kind: 'email', seq: 1, stepId: 'hello', template: 'welcome', messageClass: 'marketing' },
        {
          kind: 'email',
          seq: 2,
          stepId: 'receipt',
          template: 'receipt',
          messageClass: 'transactional',
          data: { code: 'X1' },
        },
      ]);
      expect(sut.status).toBe('completed');
      expect(sut.position).toBe('completed');
      expect(sut.log.map((entry) => entry.reason)).toEqual([
        'started by Start',
        'email welcome (marketing) requested',
        'email receipt (transactional) requested',
        'all steps done',
      ]);
    });
  });

  describe('wait', () => {
    it('records a wake-up effect and moves on only when that wake-up arrives', () => {
      const definition = aJourney([
        { id: 'pause', type: 'wait', duration: 'P2D' },
        { id: 'later', type: 'email', template: 'later' },
      ]);
      const sut = RunDriver.start(definition, 'main', anEvent('Start'));

      expect(sut.last).toMatchObject({ position: 'pause', status: 'active', pendingWakeSeq: 1 });
      expect(sut.last.effects).toEqual([{ kind: 'wake', seq: 1, stepId: 'pause', delayMs: 2 * 86_400_000 }]);
      expect(sut.last.log[1]).toEqual({
        from: null,
        to: 'pause',
        reason: 'waiting P2D, until 2025-03-03T10:00:00.000Z',
      });

      const fired = sut.elapse();

      expect(fired.log[0]).toEqual({ from: 'pause', to: 'later', reason: 'timer fired after P2D' });
      expect(fired.effects).toEqual([expect.objectContaining({ kind: 'email', seq: 2, template: 'later' })]);
      expect(fired).toMatchObject({ status: 'completed', pendingWakeSeq: null });
    });
  });

  describe('waitForEvent', () => {
    const definition = aJourney(
      [
        {
          id: 'await-pay',
          type: 'waitForEvent',
          event: ['Payment Made', 'Invoice Paid'],
          sameKey: true,
          where: { 'properties.amount': { gt: 0 } },
          timeout: 'PT1H',
          onEvent: [{ id: 'thanks', type: 'email', template: 'thanks' }],
          onTimeout: [{ id: 'nudge', type: 'email', template: 'nudge' }],
        },
        { id: 'after', type: 'email', template: 'after' },
      ],
      { entry: { key: 'properties.invoice_id' } },
    );
    const start = () =>
      RunDriver.start(definition, 'main', anEvent('Start', { invoice_id: 'i-1' }), { key: 'i-1' });

    it('takes onEvent when the awaited event arrives with the same key, then continues with the next step', () => {
      const sut = start();
      expect(sut.last.log[1].reason).toBe('waiting PT1H for Payment Made or Invoice Paid (invoice i-1)');

      const result = sut.event('Invoice Paid', { invoice_id: 'i-1', amount: 30 });

      expect(result.effects.map((e) => e.kind === 'email' && e.template)).toEqual(['thanks', 'after']);
      expect(result.log[0]).toEqual({
        from: 'await-pay',
        to: 'thanks',
        reason: 'Invoice Paid received (invoice i-1)',
      });
      expect(result).toMatchObject({ status: 'completed', pendingWakeSeq: null });
    });

    it('ignores events with another key or failing the where condition', () => {
      const sut = start();

      const otherKey = sut.event('Payment Made', { invoice_id: 'i-2', amount: 30 });
      const zero = sut.event('Payment Made', { invoice_id: 'i-1', amount: 0 });

      for (const result of [otherKey, zero]) {
        expect(result).toMatchObject({ changed: false, position: 'await-pay', effects: [], log: [] });
      }
    });

    it('takes onTimeout when the timer fires first', () => {
      const sut = start();

      const result = sut.elapse();

      expect(result.log[0].reason).toBe('no Payment Made or Invoice Paid within PT1H (invoice i-1)');
      expect(sut.emails.map((e) => e.template)).toEqual(['nudge', 'after']);
    });

    it('waits without a timer when there is no timeout', () => {
      const open = aJourney([{ id: 'await', type: 'waitForEvent', event: 'Ping' }]);

      const sut = RunDriver.start(open, 'main', anEvent('Start'));

      expect(sut.last).toMatchObject({ position: 'await', pendingWakeSeq: null, effects: [] });
      expect(sut.event('Ping').status).toBe('completed');
    });
  });

  describe('branch', () => {
    const definition = aJourney([
      {
        id: 'route',
        type: 'branch',
        branches: [
          {
            when: { 'contact.traits.vip': { eq: true } },
            steps: [{ id: 'vip', type: 'email', template: 'vip' }],
          },
          { when: { 'trigger.properties.plan': { in: ['pro', 'team'] } }, steps: [] },
        ],
        otherwise: [{ id: 'basic', type: 'email', template: 'basic' }],
      },
      { id: 'common', type: 'email', template: 'common' },
    ]);
    const run = (traits: Record<string, unknown>, plan?: string) =>
      startRun({
        definition,
        flowKey: 'main',
        trigger: anEvent('Start', { plan }),
        contact: aContact(traits),
        key: null,
        now: T0,
      });
    const templates = (result: ReturnType<typeof run>) =>
      result.effects.map((e) => e.kind === 'email' && e.template);

    it('takes the first branch whose condition holds', () => {
      const sut = run({ vip: true }, 'pro');

      expect(templates(sut)).toEqual(['vip', 'common']);
      expect(sut.log).toContainEqual({
        from: 'route',
        to: 'vip',
        reason: 'branch 1 taken: contact.traits.vip = true',
      });
    });

    it('continues with the next step after an empty branch', () => {
      expect(templates(run({}, 'team'))).toEqual(['common']);
    });

    it('takes otherwise when nothing matches', () => {
      const sut = run({}, 'free');

      expect(templates(sut)).toEqual(['basic', 'common']);
      expect(sut.log).toContainEqual({
        from: 'route',
        to: 'basic',
        reason: 'no branch matched, otherwise taken',
      });
    });
  });

  describe('exit', () => {
    it('ends the run as exited with the reason, skipping the rest', () => {
      const definition = aJourney([
        {
          id: 'check',
          type: 'branch',
          branches: [
            {
              when: { 'contact.traits.optout': { exists: true } },
              steps: [{ id: 'stop', type: 'exit', reason: 'opted out' }],
            },
          ],
        },
        { id: 'mail', type: 'email', template: 'mail' },
      ]);

      const sut = startRun({
        definition,
        flowKey: 'main',
        trigger: anEvent('Start'),
        contact: aContact({ optout: 1 }),
        key: null,
        now: T0,
      });

      expect(sut).toMatchObject({ status: 'exited', position: 'exited', effects: [] });
      expect(sut.log[sut.log.length - 1]).toEqual({
        from: 'stop',
        to: 'exited',
        reason: 'exited at stop: opted out',
      });
    });
  });

  it('leaves a finished run alone', () => {
    const definition = aJourney([{ id: 'mail', type: 'email', template: 'mail' }]);
    const done = startRun({
      definition,
      flowKey: 'main',
      trigger: anEvent('Start'),
      contact: aContact(),
      key: null,
      now: T0,
    });

    const sut = advanceRun({
      definition,
      flowKey: 'main',
      snapshot: JSON.parse(JSON.stringify(done.snapshot)),
      input: { kind: 'event', event: anEvent('Start') },
      contact: aContact(),
      now: T0,
    });

    expect(sut).toMatchObject({ changed: false, status: 'completed', effects: [], log: [] });
  });
});
