import type { JourneyDefinition } from '../../journeys/definition/journey-definition.schema';
import { buildCustomerLifecycle } from '../../journeys/definition/templates/customer-lifecycle.template';
import { aJourney } from '../../journeys/engine/testing/fixtures';
import { flowSteps } from '../../journeys/definition/flow-steps';
import { COMPLETED_NODE, GOAL_NODE, TRIGGER_NODE } from './flow-graph';
import { type FlowGraph, journeyGraph } from './journey-graph';
import { ENTER_NODE } from './stage-graph';

const lifecycle = () =>
  buildCustomerLifecycle({
    cart: { audienceDestination: 'meta-cart' },
    review: { publicReviewUrl: 'https://reviews.example/shop' },
  });
const flowOf = (definition: JourneyDefinition, key = 'main'): FlowGraph =>
  journeyGraph(definition).flows.find((flow) => flow.key === key)!;
/** [to, kind, label] of every edge leaving `from`. */
const out = (flow: FlowGraph, from: string) =>
  flow.edges.filter((e) => e.from === from).map((e) => [e.to, e.kind, e.label]);

describe(journeyGraph.name, () => {
  it('draws every step of every flow of the default journey, onExit actions included, with edges between nodes', () => {
    const definition = lifecycle();

    const sut = journeyGraph(definition);

    expect(sut.flows.map((flow) => flow.key)).toEqual(Object.keys(definition.flows));
    for (const flow of sut.flows) {
      const source = definition.flows[flow.key];
      const ids = flow.nodes.map((node) => node.id);
      const stepIds = flowSteps(source).map((step) => step.id);
      expect(ids).toEqual(expect.arrayContaining([TRIGGER_NODE, ...stepIds]));
      expect(new Set(ids).size).toBe(ids.length);
      for (const edge of flow.edges) expect(ids).toEqual(expect.arrayContaining([edge.from, edge.to]));
      expect(flow.stage).toBe(source.stage);
    }
  });

  it('gives a waitForEvent its two outcomes and its restart, as the cart flow runs them', () => {
    const sut = flowOf(lifecycle(), 'cart');

    expect(sut.trigger).toBe('Product Added or Checkout Started');
    expect(sut.nodes[0]).toMatchObject({ id: TRIGGER_NODE, detail: 'per cart, at most once per P7D' });
    expect(out(sut, 'wait-abandon')).toEqual([
      ['bought', 'event', 'Order Completed (same cart)'],
      ['reminder-1', 'timeout', 'no Order Completed within PT4H'],
      ['wait-abandon', 'restart', 'Product Added or Checkout Started: restart the PT4H timer'],
      [GOAL_NODE, 'goal', 'goal: Order Completed (same cart)'],
    ]);
    expect(out(sut, 'wait-2')).toEqual([
      ['reminder-2', 'next', 'after P1D'],
      [GOAL_NODE, 'goal', 'goal: Order Completed (same cart)'],
    ]);
    expect(out(sut, 'audience-leave')).toEqual([[COMPLETED_NODE, 'next', undefined]]);
  });

  it('draws a goal exit from every step a run rests at, and the onExit actions after goals and exit steps', () => {
    const sut = flowOf(lifecycle(), 'cart');

    expect(sut.nodes.find((node) => node.id === GOAL_NODE)).toMatchObject({
      kind: 'goal-exit',
      detail: 'Order Completed (same cart)',
    });
    const goalFrom = sut.edges.filter((e) => e.kind === 'goal').map((e) => e.from);
    expect(goalFrom).toEqual(['wait-abandon', 'wait-2', 'wait-3']);
    expect(sut.nodes.find((node) => node.id === 'audience-bought')).toMatchObject({
      kind: 'action',
      stepType: 'audience.remove',
      label: 'on exit: remove from audience meta-cart',
    });
    expect(sut.edges.filter((e) => e.to === 'audience-bought').map((e) => [e.from, e.label])).toEqual([
      [GOAL_NODE, 'on exit'],
      ['bought', 'on exit'],
    ]);
    expect(out(sut, 'bought')).toEqual([['audience-bought', 'on-exit', 'on exit']]);
  });

  it('labels branch edges with their conditions in words, and an empty branch or otherwise goes on to the next step', () => {
    const sut = flowOf(
      aJourney([
        {
          id: 'pick',
          type: 'branch',
          branches: [
            {
              when: { all: [{ 'properties.score': { gte: 9 } }, { 'contact.traits.vip': { eq: true } }] },
              steps: [{ id: 'vip', type: 'email', template: 'vip' }],
            },
            { when: { not: { 'trigger.properties.total': { exists: true } } }, steps: [] },
          ],
        },
        { id: 'after', type: 'email', template: 'after' },
      ]),
    );

    expect(out(sut, 'pick')).toEqual([
      ['vip', 'branch', '(score >= 9 and contact.traits.vip = true)'],
      ['after', 'branch', 'not (trigger.properties.total exists)'],
      ['after', 'otherwise', 'otherwise'],
    ]);
    expect(out(sut, 'vip')).toEqual([['after', 'next', undefined]]);
    expect(out(sut, 'after')).toEqual([[COMPLETED_NODE, 'next', undefined]]);
  });

  it('draws the NPS branches of the default journey by score', () => {
    const sut = flowOf(lifecycle(), 'nps');

    expect(out(sut, 'nps-category')).toEqual([
      ['public-review-ask', 'branch', 'score >= 9'],
      ['nps-thanks', 'branch', 'score >= 7'],
      ['alert-team', 'branch', 'score <= 6'],
      [COMPLETED_NODE, 'otherwise', 'otherwise'],
    ]);
    expect(out(sut, 'alert-team')).toEqual([['hold-marketing', 'next', undefined]]);
    expect(sut.nodes.find((node) => node.id === 'hold-marketing')?.kind).toBe('hold');
  });

  it('waits without a timeout on one edge only, and ends a flow whose every path exits without a completed node', () => {
    const sut = flowOf(
      aJourney(
        [
          {
            id: 'await',
            type: 'waitForEvent',
            event: ['Paid', 'Shipped'],
            where: { 'properties.total': { gt: 10 } },
            sameKey: true,
            onEvent: [{ id: 'done', type: 'exit', reason: 'paid' }],
          },
          { id: 'never', type: 'exit' },
        ],
        { entry: { key: 'properties.order_id', reentry: 'everyTime' } },
      ),
    );

    expect(out(sut, 'await')).toEqual([['done', 'event', 'Paid or Shipped (same order) if total > 10']]);
    expect(sut.nodes.find((node) => node.id === TRIGGER_NODE)?.detail).toBe('per order, every time');
    expect(sut.nodes.map((node) => node.id)).not.toContain(COMPLETED_NODE);
    expect(sut.nodes.find((node) => node.id === 'done')).toMatchObject({ kind: 'exit', label: 'exit: paid' });
  });

  it('draws the stages in order with their rules, in words', () => {
    const sut = journeyGraph(
      aJourney(
        [{ id: 'mail', type: 'email', template: 'mail' }],
        { stage: 'consideration' },
        {
          stageRules: [
            { event: 'Lead Created', to: 'consideration' },
            {
              event: ['Checkout Started', 'Cart Viewed'],
              where: { 'properties.total': { gte: 50 } },
              to: 'decision',
            },
            { event: 'Cart Emptied', from: ['decision'], to: 'consideration' },
          ],
        },
      ),
    ).stages;

    expect(sut.nodes.map((node) => [node.id, node.kind, node.detail])).toEqual([
      [ENTER_NODE, 'trigger', undefined],
      ['awareness', 'stage', undefined],
      ['consideration', 'stage', 'Main'],
      ['decision', 'stage', undefined],
    ]);
    expect(sut.edges.map((e) => [e.from, e.to, e.label])).toEqual([
      [ENTER_NODE, 'awareness', undefined],
      ['awareness', 'consideration', 'Lead Created'],
      [
        'consideration',
        'decision',
        'Checkout Started or Cart Viewed if total >= 50 (from any earlier stage)',
      ],
      ['decision', 'consideration', 'Cart Emptied'],
    ]);
  });
});
