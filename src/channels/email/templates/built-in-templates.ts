// The catalogue of built-in templates, one per touchpoint of the default customer-lifecycle journey.
import type { BuiltInEmailTemplate } from '../email-template.types';
import { cartReminder1 } from './cart-reminder-1.template';
import { cartReminder2 } from './cart-reminder-2.template';
import { cartReminder3 } from './cart-reminder-3.template';
import { confirmSubscription } from './confirm-subscription.template';
import { npsThanks } from './nps-thanks.template';
import { nurture1 } from './nurture-1.template';
import { nurture2 } from './nurture-2.template';
import { nurture3 } from './nurture-3.template';
import { reviewPublicAsk } from './review-public-ask.template';
import { reviewReminder } from './review-reminder.template';
import { reviewRequest } from './review-request.template';
import { teamAlert } from './team-alert.template';

export const BUILT_IN_EMAIL_TEMPLATES = {
  'nurture-1': nurture1,
  'nurture-2': nurture2,
  'nurture-3': nurture3,
  'cart-reminder-1': cartReminder1,
  'cart-reminder-2': cartReminder2,
  'cart-reminder-3': cartReminder3,
  'review-request': reviewRequest,
  'review-reminder': reviewReminder,
  'review-public-ask': reviewPublicAsk,
  'nps-thanks': npsThanks,
  'confirm-subscription': confirmSubscription,
  /** To the business, not the customer: alert steps (see src/destinations/alerts). */
  'team-alert': teamAlert,
} as const satisfies Record<string, BuiltInEmailTemplate>;

export type BuiltInEmailTemplateKey = keyof typeof BUILT_IN_EMAIL_TEMPLATES;

export function isBuiltInEmailTemplateKey(key: string): key is BuiltInEmailTemplateKey {
  return Object.hasOwn(BUILT_IN_EMAIL_TEMPLATES, key);
}
