import type { BranchStep, EmailStep, Step, WaitStep } from '../journey-definition.schema';
import { JourneyValidationError } from '../journey-validation.error';
import { validateJourneyDefinition } from '../validate-journey';
import { CustomerLifecycleParamsSchema, buildCustomerLifecycle } from './customer-lifecycle.template';

const byId = (steps: Step[], id: string): Step | undefined =>
  steps
    .flatMap((step) => [
      step,
      ...(step.type === 'waitForEvent' ? [...(step.onEvent ?? []), ...(step.onTimeout ?? [])] : []),
    ])
    .find((s) => s.id === id);

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe(buildCustomerLifecycle.name, () => {
  it('builds a valid journey with the four flows, the five stages and the recipe defaults', () => {
    const sut = buildCustomerLifecycle();

    expect(validateJourneyDefinition(JSON.parse(JSON.stringify(sut)))).toEqual(sut);
    expect(Object.keys(sut.flows)).toEqual(['nurture', 'cart', 'review', 'nps']);
    expect(sut.stages).toEqual(['awareness', 'consideration', 'decision', 'retention', 'advocacy']);
    expect(sut.flows.cart.entry).toEqual({
      key: ['properties.cart_id', 'properties.checkout_id'],
      reentry: { cooldown: 'P7D' },
    });
    expect(sut.flows.review.entry).toEqual({ key: 'properties.order_id', reentry: 'oncePerKey' });
    expect(sut.flows.nurture.entry).toEqual({ reentry: 'once' });
    expect(byId(sut.flows.cart.steps, 'wait-abandon')).toMatchObject({ timeout: 'PT4H' });
    expect(byId(sut.flows.review.steps, 'await-delivery')).toMatchObject({
      event: 'Order Delivered',
      timeout: 'P14D',
    });
  });

  it('applies nested params and keeps the defaults of the rest', () => {
    const sut = buildCustomerLifecycle({
      nurture: { delays: ['P1D', 'P3D', 'P5D'] },
      cart: { firstReminderAfter: 'PT1H', discountCode: 'SPRING5' },
    });

    const nurture = sut.flows.nurture.steps;
    expect(nurture.map((s) => (s.type === 'email' ? s.template : (s as WaitStep).duration))).toEqual([
      'nurture-1',
      'P1D',
      'nurture-2',
      'P3D',
      'nurture-3',
      'P5D',
      'nurture-4',
    ]);
    expect(byId(sut.flows.cart.steps, 'wait-abandon')).toMatchObject({ timeout: 'PT1H' });
    expect(byId(sut.flows.cart.steps, 'wait-2')).toMatchObject({ duration: 'P1D' });
    expect((byId(sut.flows.cart.steps, 'reminder-3') as EmailStep).data).toEqual({ discountCode: 'SPRING5' });
  });

  it('sends no discount when the code is null', () => {
    const sut = buildCustomerLifecycle({ cart: { discountCode: null } });

    expect((byId(sut.flows.cart.steps, 'reminder-3') as EmailStep).data).toBeUndefined();
  });

  it('asks promoters for a public review only when there is a URL to send them to', () => {
    const promoterSteps = (params: Parameters<typeof buildCustomerLifecycle>[0]) => {
      const branch = buildCustomerLifecycle(params).flows.nps.steps[0] as BranchStep;
      return branch.branches[0].steps;
    };

    expect(promoterSteps({})).toEqual([]);
    expect(promoterSteps({ review: { publicReviewUrl: 'https://g.page/r/acme/review' } })).toEqual([
      {
        id: 'public-review-ask',
        type: 'email',
        template: 'review-public-ask',
        data: { publicReviewUrl: 'https://g.page/r/acme/review' },
      },
    ]);
  });

  it('rejects bad review params with their paths', () => {
    const sut = () =>
      buildCustomerLifecycle({
        review: {
          publicReviewUrl: 'javascript:alert(1)',
          alertEmail: 'team-at-shop',
          alertDestination: 'Slack Channel',
          detractorHold: 'two weeks',
        },
      });

    expect(thrownBy(sut)).toMatchObject({
      errors: [
        { path: '$.params.review.publicReviewUrl', message: 'expected an http(s) URL' },
        { path: '$.params.review.alertEmail', message: 'expected an email address' },
        { path: '$.params.review.alertDestination', message: expect.stringContaining('destination key') },
        { path: '$.params.review.detractorHold', message: expect.stringContaining('ISO 8601 duration') },
      ],
    });
  });

  it('alerts the team about a detractor first, then holds marketing for review.detractorHold', () => {
    const detractorSteps = (params: Parameters<typeof buildCustomerLifecycle>[0]) =>
      (buildCustomerLifecycle(params).flows.nps.steps[0] as BranchStep).branches[2].steps;

    expect(
      detractorSteps({ review: { alertEmail: 'care@shop.test', alertDestination: 'slack-care' } }),
    ).toEqual([
      {
        id: 'alert-team',
        type: 'alert',
        email: 'care@shop.test',
        destination: 'slack-care',
        message: expect.stringContaining('{{ event.properties.score }} out of 10'),
      },
      { id: 'hold-marketing', type: 'hold', duration: 'P14D', reason: 'paused after a detractor answer' },
    ]);
    expect(detractorSteps({ review: { detractorHold: null } })).toEqual([
      { id: 'alert-team', type: 'alert', message: expect.any(String) },
    ]);
  });

  it('rejects bad params with $.params paths', () => {
    const bad = { cart: { firstReminderAfter: 'soon', extra: 1 }, nurture: { delays: ['P2D', 'P0D'] } };

    const sut = () => buildCustomerLifecycle(bad as never);

    expect(sut).toThrow(JourneyValidationError);
    expect(thrownBy(sut)).toMatchObject({
      code: 'journey_invalid',
      errors: [
        { path: '$.params.nurture.delays[1]', message: '"P0D" must be longer than zero' },
        {
          path: '$.params.cart.firstReminderAfter',
          message: expect.stringContaining('"soon" is not an ISO 8601 duration'),
        },
        { path: '$.params.cart.extra', message: 'unknown field' },
      ],
    });
  });

  it('documents its defaults in the params schema', () => {
    expect(CustomerLifecycleParamsSchema.parse({})).toEqual({
      nurture: { delays: ['P2D', 'P2D'] },
      cart: {
        firstReminderAfter: 'PT4H',
        secondReminderAfter: 'P1D',
        lastReminderAfter: 'P2D',
        discountCode: 'COMEBACK10',
        cooldown: 'P7D',
        audienceDestination: null,
      },
      review: {
        requestAfterDelivery: 'P7D',
        requestAfterOrderIfNoDelivery: 'P14D',
        reminderAfter: 'P4D',
        publicReviewUrl: null,
        alertEmail: null,
        alertDestination: null,
        detractorHold: 'P14D',
      },
    });
  });
});
