import { z } from 'zod';
import type { FlowDefinition, JourneyDefinition, Step } from '../journey-definition.schema';
import { JourneyValidationError } from '../journey-validation.error';
import { DESTINATION_KEY, IsoDurationSchema } from '../step.schema';
import { validateJourneyDefinition } from '../validate-journey';
import { fromZodIssues } from '../zod-issues.util';

const duration = (fallback: string) => IsoDurationSchema.default(fallback);

/** Knobs of the default journey; defaults follow the recipes in DOMAIN.md. */
export const CustomerLifecycleParamsSchema = z.strictObject({
  nurture: z
    .strictObject({
      /** Gaps between welcome emails: ["P2D","P2D"] sends on day 0, 2 and 4 (templates nurture-1..n+1). */
      delays: z.array(IsoDurationSchema).max(9).default(['P2D', 'P2D']),
    })
    .prefault({}),
  cart: z
    .strictObject({
      firstReminderAfter: duration('PT4H'),
      secondReminderAfter: duration('P1D'),
      lastReminderAfter: duration('P2D'),
      /** Only in the last reminder, so customers do not learn to abandon; null sends none. */
      discountCode: z.string().trim().min(1).nullable().default('COMEBACK10'),
      cooldown: duration('P7D'),
      /** Retargeting audience (a destination key): joined when the first reminder goes out, left on purchase or at the end. */
      audienceDestination: z
        .string()
        .regex(DESTINATION_KEY, 'expected a destination key (lower-case, digits, dashes)')
        .nullable()
        .default(null),
    })
    .prefault({}),
  review: z
    .strictObject({
      requestAfterDelivery: duration('P7D'),
      requestAfterOrderIfNoDelivery: duration('P14D'),
      reminderAfter: duration('P4D'),
      /** Where promoters are asked to leave a public review (Google, Trustpilot); null sends no ask. */
      publicReviewUrl: z
        .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
        .nullable()
        .default(null),
      /** Who hears about a detractor first; with neither, the workspace's alerts address (`alerts.email`). */
      alertEmail: z.email('expected an email address').nullable().default(null),
      alertDestination: z
        .string()
        .regex(DESTINATION_KEY, 'expected a destination key (lower-case, digits, dashes)')
        .nullable()
        .default(null),
      /** How long marketing sends to a detractor pause; null pauses nothing. */
      detractorHold: IsoDurationSchema.nullable().default('P14D'),
    })
    .prefault({}),
});

export type CustomerLifecycleParams = z.output<typeof CustomerLifecycleParamsSchema>;
/** Every field optional, at every level. */
export type CustomerLifecycleParamsInput = z.input<typeof CustomerLifecycleParamsSchema>;

/** The built-in `customer-lifecycle` journey: lead nurture, abandoned cart and post-purchase review. */
export function buildCustomerLifecycle(params: CustomerLifecycleParamsInput = {}): JourneyDefinition {
  const parsed = CustomerLifecycleParamsSchema.safeParse(params);
  if (!parsed.success)
    throw new JourneyValidationError(fromZodIssues(parsed.error.issues, params, '$.params'));
  const p = parsed.data;
  return validateJourneyDefinition({
    key: 'customer-lifecycle',
    name: 'Customer lifecycle',
    description: 'Welcome series for new leads, abandoned-cart recovery and post-purchase review requests.',
    stages: ['awareness', 'consideration', 'decision', 'retention', 'advocacy'],
    stageRules: [
      { event: 'Lead Created', to: 'consideration' },
      { event: 'Checkout Started', to: 'decision' },
      { event: 'Order Completed', to: 'retention' },
      { event: 'NPS Submitted', where: { 'properties.score': { gte: 9 } }, to: 'advocacy' },
    ],
    settings: { priority: 50 },
    flows: { nurture: nurture(p), cart: cart(p), review: review(p), nps: nps(p) },
  } satisfies JourneyDefinition);
}

function nurture({ nurture: n }: CustomerLifecycleParams): FlowDefinition {
  const steps: Step[] = [{ id: 'nurture-1', type: 'email', template: 'nurture-1' }];
  n.delays.forEach((delay, i) => {
    steps.push({ id: `wait-${i + 1}`, type: 'wait', duration: delay });
    steps.push({ id: `nurture-${i + 2}`, type: 'email', template: `nurture-${i + 2}` });
  });
  return {
    name: 'Lead nurture',
    stage: 'consideration',
    trigger: { event: 'Lead Created' },
    entry: { reentry: 'once' },
    exit: [{ event: 'Order Completed' }],
    steps,
  };
}

function cart({ cart: c }: CustomerLifecycleParams): FlowDefinition {
  const starts = ['Product Added', 'Checkout Started'];
  const audience = c.audienceDestination;
  const join: Step[] = audience ? [{ id: 'audience-join', type: 'audience.add', destination: audience }] : [];
  const leave: Step[] = audience
    ? [{ id: 'audience-leave', type: 'audience.remove', destination: audience }]
    : [];
  return {
    name: 'Abandoned cart recovery',
    stage: 'decision',
    trigger: { event: starts },
    entry: { key: ['properties.cart_id', 'properties.checkout_id'], reentry: { cooldown: c.cooldown } },
    exit: [{ event: 'Order Completed', sameKey: true }],
    steps: [
      {
        id: 'wait-abandon',
        type: 'waitForEvent',
        event: 'Order Completed',
        sameKey: true,
        timeout: c.firstReminderAfter,
        restartOn: starts,
        onEvent: [{ id: 'bought', type: 'exit', reason: 'ordered' }],
      },
      { id: 'reminder-1', type: 'email', template: 'cart-reminder-1' },
      ...join,
      { id: 'wait-2', type: 'wait', duration: c.secondReminderAfter },
      { id: 'reminder-2', type: 'email', template: 'cart-reminder-2' },
      { id: 'wait-3', type: 'wait', duration: c.lastReminderAfter },
      {
        id: 'reminder-3',
        type: 'email',
        template: 'cart-reminder-3',
        ...(c.discountCode === null ? {} : { data: { discountCode: c.discountCode } }),
      },
      ...leave,
    ],
    // A purchase ends the run through the exit goal: the customer leaves the audience then too.
    ...(audience
      ? { onExit: [{ id: 'audience-bought', type: 'audience.remove', destination: audience }] }
      : {}),
  };
}

function review({ review: r }: CustomerLifecycleParams): FlowDefinition {
  return {
    name: 'Post-purchase review',
    stage: 'retention',
    trigger: { event: 'Order Completed' },
    entry: { key: 'properties.order_id', reentry: 'oncePerKey' },
    exit: [
      { event: ['Product Reviewed', 'Order Cancelled', 'Order Refunded'], sameKey: true },
      // NPS answers may not carry the order id, so any answer ends the run.
      { event: 'NPS Submitted' },
    ],
    steps: [
      {
        id: 'await-delivery',
        type: 'waitForEvent',
        event: 'Order Delivered',
        sameKey: true,
        timeout: r.requestAfterOrderIfNoDelivery,
        onEvent: [
          { id: 'settle-in', type: 'wait', duration: r.requestAfterDelivery },
          { id: 'request-after-delivery', type: 'email', template: 'review-request' },
        ],
        onTimeout: [{ id: 'request-undelivered', type: 'email', template: 'review-request' }],
      },
      { id: 'wait-reminder', type: 'wait', duration: r.reminderAfter },
      { id: 'review-reminder', type: 'email', template: 'review-reminder' },
    ],
  };
}

/** What the team reads about a detractor (Liquid over the alert envelope; `event` is the NPS answer). */
export const DETRACTOR_ALERT = `Service recovery: {{ contact.traits.first_name | default: contact.userId }} \
({{ contact.email }}) answered {{ event.properties.score }} out of 10\
{% if event.properties.order_id %} about order {{ event.properties.order_id }}{% endif %}. \
Comment: {{ event.properties.comment | default: "(none)" }}. Marketing emails to them are paused: please get in touch first.`;

/** NPS answers: promoters get the public-review ask, passives a thank-you, detractors alert the team first. */
function nps({ review: r }: CustomerLifecycleParams): FlowDefinition {
  const ask: Step[] = r.publicReviewUrl
    ? [
        {
          id: 'public-review-ask',
          type: 'email',
          template: 'review-public-ask',
          data: { publicReviewUrl: r.publicReviewUrl },
        },
      ]
    : [];
  return {
    name: 'NPS follow-up',
    stage: 'retention',
    trigger: { event: 'NPS Submitted' },
    // Each answer counts once already (its messageId); every answer gets its follow-up.
    entry: { reentry: 'everyTime' },
    steps: [
      {
        id: 'nps-category',
        type: 'branch',
        branches: [
          { when: { 'properties.score': { gte: 9 } }, steps: ask },
          {
            when: { 'properties.score': { gte: 7 } },
            steps: [{ id: 'nps-thanks', type: 'email', template: 'nps-thanks' }],
          },
          { when: { 'properties.score': { lte: 6 } }, steps: detractor(r) },
        ],
      },
    ],
  };
}

function detractor(r: CustomerLifecycleParams['review']): Step[] {
  const alert: Step = {
    id: 'alert-team',
    type: 'alert',
    message: DETRACTOR_ALERT,
    ...(r.alertEmail ? { email: r.alertEmail } : {}),
    ...(r.alertDestination ? { destination: r.alertDestination } : {}),
  };
  const hold: Step[] = r.detractorHold
    ? [
        {
          id: 'hold-marketing',
          type: 'hold',
          duration: r.detractorHold,
          reason: 'paused after a detractor answer',
        },
      ]
    : [];
  // The alert comes first; the hold is in force from the same commit, so no marketing email slips out before it.
  return [alert, ...hold];
}
