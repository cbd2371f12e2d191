import { JourneyValidationError, validateJourneyDefinition } from './validate-journey';

// Tests bend the example into invalid shapes on purpose, so it is loosely typed.

type Draft = Record<string, any>;

/** The documented example, as a user would write it. */
function example(): Draft {
  return {
    key: 'customer-lifecycle',
    name: 'Customer lifecycle',
    stages: ['awareness', 'consideration', 'decision', 'retention', 'advocacy'],
    stageRules: [
      { event: 'Lead Created', to: 'consideration' },
      { event: 'NPS Submitted', where: { 'properties.score': { gte: 9 } }, to: 'advocacy' },
    ],
    settings: { priority: 50 },
    flows: {
      cart: {
        name: 'Abandoned cart recovery',
        stage: 'decision',
        trigger: { event: ['Product Added', 'Checkout Started'], where: { 'properties.value': { gt: 0 } } },
        entry: { key: ['properties.cart_id', 'properties.checkout_id'], reentry: { cooldown: 'P7D' } },
        exit: [{ event: 'Order Completed', sameKey: true }],
        steps: [
          {
            id: 'wait-abandon',
            type: 'waitForEvent',
            event: 'Order Completed',
            sameKey: true,
            timeout: 'PT4H',
            restartOn: ['Product Added', 'Checkout Started'],
            onEvent: [{ id: 'bought', type: 'exit', reason: 'ordered' }],
            onTimeout: [],
          },
          { id: 'reminder-1', type: 'email', template: 'cart-reminder-1' },
          { id: 'wait-2', type: 'wait', duration: 'PT20H' },
          {
            id: 'vip',
            type: 'branch',
            branches: [{ when: { any: [{ 'contact.traits.vip': { eq: true } }] }, steps: [] }],
            otherwise: [{ id: 'reminder-2', type: 'email', template: 'cart-reminder-2' }],
          },
        ],
      },
    },
  };
}

function errorsOf(input: unknown): { path: string; message: string }[] {
  try {
    validateJourneyDefinition(input);
  } catch (error) {
    if (error instanceof JourneyValidationError) return error.errors;
    throw error;
  }
  throw new Error('expected the definition to be rejected');
}

describe(validateJourneyDefinition.name, () => {
  it('accepts the documented example unchanged', () => {
    expect(validateJourneyDefinition(example())).toEqual(example());
  });

  it('throws a JourneyValidationError with a stable code and a summary naming the first path', () => {
    const input = example();
    input.flows.cart.steps[2].duration = 'twenty hours';

    const sut = () => validateJourneyDefinition(input);

    expect(sut).toThrow(JourneyValidationError);
    expect(sut).toThrow(
      'Journey definition is invalid: $.flows.cart.steps[2].duration: "twenty hours" is not an ISO',
    );
    expect(errorsOf(input)[0]).toMatchObject({ path: '$.flows.cart.steps[2].duration' });
  });

  it.each<[string, (d: Draft) => void, string, string]>([
    [
      'zero wait',
      (d) => (d.flows.cart.steps[2].duration = 'PT0S'),
      '$.flows.cart.steps[2].duration',
      'must be longer than zero',
    ],
    [
      'bad timeout',
      (d) => (d.flows.cart.steps[0].timeout = '4h'),
      '$.flows.cart.steps[0].timeout',
      'not an ISO 8601',
    ],
    [
      'bad cooldown',
      (d) => (d.flows.cart.entry.reentry = { cooldown: 'P1M' }),
      '$.flows.cart.entry.reentry.cooldown',
      'months',
    ],
    [
      'bad step id',
      (d) => (d.flows.cart.steps[1].id = 'Reminder 1'),
      '$.flows.cart.steps[1].id',
      'must match',
    ],
    [
      'unknown field',
      (d) => (d.flows.cart.steps[1].templte = 'x'),
      '$.flows.cart.steps[1].templte',
      'unknown field',
    ],
    [
      'unknown type',
      (d) => (d.flows.cart.steps[1].type = 'sms'),
      '$.flows.cart.steps[1].type',
      'unknown step type "sms"',
    ],
    [
      'action step without destination',
      (d) => (d.flows.cart.steps[1] = { id: 'hook', type: 'webhook.send' }),
      '$.flows.cart.steps[1].destination',
      'expected string',
    ],
    [
      'destination key',
      (d) => (d.flows.cart.steps[1] = { id: 'aud', type: 'audience.add', destination: 'Meta Cart' }),
      '$.flows.cart.steps[1].destination',
      'destination key must match',
    ],
    [
      'alert email',
      (d) => (d.flows.cart.steps[1] = { id: 'tell', type: 'alert', email: 'team', message: 'hi' }),
      '$.flows.cart.steps[1].email',
      'expected an email address',
    ],
    [
      'alert message',
      (d) => (d.flows.cart.steps[1] = { id: 'tell', type: 'alert', message: ' ' }),
      '$.flows.cart.steps[1].message',
      'must not be empty',
    ],
    [
      'waiting step on exit',
      (d) => (d.flows.cart.onExit = [{ id: 'later', type: 'wait', duration: 'P1D' }]),
      '$.flows.cart.onExit[0].type',
      'unknown step type "wait"',
    ],
    [
      'nested step',
      (d) => (d.flows.cart.steps[3].otherwise[0].template = ''),
      '$.flows.cart.steps[3].otherwise[0].template',
      'empty',
    ],
    [
      'condition path',
      (d) => (d.flows.cart.trigger.where = { 'order.total': { gt: 1 } }),
      '$.flows.cart.trigger.where["order.total"]',
      'unknown path',
    ],
    [
      'operator',
      (d) => (d.stageRules[1].where['properties.score'] = { above: 9 }),
      '$.stageRules[1].where["properties.score"].above',
      'unknown field',
    ],
    [
      'no operator',
      (d) => (d.stageRules[1].where['properties.score'] = {}),
      '$.stageRules[1].where["properties.score"]',
      'needs an operator',
    ],
    ['event names', (d) => (d.flows.cart.exit[0].event = []), '$.flows.cart.exit[0].event', 'event name'],
    ['reentry', (d) => (d.flows.cart.entry.reentry = 'twice'), '$.flows.cart.entry.reentry', 'oncePerKey'],
    ['key path', (d) => (d.flows.cart.entry.key = 'cart_id'), '$.flows.cart.entry.key', 'key path'],
    ['priority', (d) => (d.settings.priority = 500), '$.settings.priority', ''],
    ['flow key', (d) => (d.flows['Cart Flow'] = d.flows.cart), '$.flows["Cart Flow"]', 'must match'],
    ['no stages', (d) => (d.stages = []), '$.stages', 'at least one stage'],
    ['no steps', (d) => (d.flows.cart.steps = []), '$.flows.cart.steps', 'at least one step'],
  ])('names the path of a shape error: %s', (_name, mutate, path, message) => {
    const input = example();
    mutate(input);

    expect(errorsOf(input)).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it.each<[string, (d: Draft) => void, string, string]>([
    ['duplicate stage', (d) => d.stages.push('decision'), '$.stages[5]', 'duplicate stage "decision"'],
    ['rule target', (d) => (d.stageRules[0].to = 'loyal'), '$.stageRules[0].to', 'unknown stage "loyal"'],
    [
      'rule from',
      (d) => (d.stageRules[0].from = ['awareness', 'lost']),
      '$.stageRules[0].from[1]',
      'unknown stage "lost"',
    ],
    [
      'flow stage',
      (d) => (d.flows.cart.stage = 'checkout'),
      '$.flows.cart.stage',
      'unknown stage "checkout"',
    ],
    [
      'duplicate step id',
      (d) => (d.flows.cart.steps[3].otherwise[0].id = 'reminder-1'),
      '$.flows.cart.steps[3].otherwise[0].id',
      'duplicate step id "reminder-1" (first used at $.flows.cart.steps[1])',
    ],
    ['reserved id', (d) => (d.flows.cart.steps[1].id = 'completed'), '$.flows.cart.steps[1].id', 'reserved'],
    [
      'onExit step id',
      (d) => (d.flows.cart.onExit = [{ id: 'wait-2', type: 'audience.remove', destination: 'meta' }]),
      '$.flows.cart.onExit[0].id',
      'duplicate step id "wait-2"',
    ],
    ['sameKey unkeyed', (d) => delete d.flows.cart.entry.key, '$.flows.cart.steps[0].sameKey', 'keyed flow'],
    ['goal unkeyed', (d) => delete d.flows.cart.entry.key, '$.flows.cart.exit[0].sameKey', 'keyed flow'],
    [
      'onTimeout',
      (d) => delete d.flows.cart.steps[0].timeout,
      '$.flows.cart.steps[0].onTimeout',
      'needs a timeout',
    ],
    [
      'restart clash',
      (d) => d.flows.cart.steps[0].restartOn.push('Order Completed'),
      '$.flows.cart.steps[0].restartOn',
      'both awaited',
    ],
    [
      'after exit',
      (d) => d.flows.cart.steps[0].onEvent.push({ id: 'never', type: 'wait', duration: 'P1D' }),
      '$.flows.cart.steps[0].onEvent[1]',
      'unreachable',
    ],
  ])('names the path of a semantic error: %s', (_name, mutate, path, message) => {
    const input = example();
    mutate(input);

    expect(errorsOf(input)).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('accepts the action steps and a flow onExit list', () => {
    const input = example();
    input.flows.cart.steps.push(
      { id: 'aud-add', type: 'audience.add', destination: 'meta-cart' },
      { id: 'hook', type: 'webhook.send', destination: 'crm', data: { list: 'cart' } },
      {
        id: 'tell',
        type: 'alert',
        email: 'team@shop.test',
        destination: 'ops',
        message: 'Look at {{ contact.email }}',
      },
    );
    input.flows.cart.onExit = [{ id: 'aud-remove', type: 'audience.remove', destination: 'meta-cart' }];

    expect(validateJourneyDefinition(input)).toEqual(input);
  });

  it('reports every problem at once', () => {
    const input = example();
    input.stages.push('decision');
    input.flows.cart.stage = 'checkout';

    expect(errorsOf(input).map((e) => e.path)).toEqual(['$.stages[5]', '$.flows.cart.stage']);
  });
});
