// Shapes shared by the email renderer, the validator and the built-in templates.

/** Languages with built-in templates; anything else falls back to English. */
export const EMAIL_LOCALES = ['en', 'nl'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

/** One editable template in one language: a Liquid subject line and a Liquid + MJML body. */
export interface EmailTemplateSource {
  subject: string;
  mjml: string;
}

/** Workspace-edited sources per locale; each one replaces the built-in source of that locale. */
export type EmailTemplateOverrides = Partial<Record<EmailLocale, EmailTemplateSource>>;

/** A built-in template: English is required, since it is the fallback for every other locale. */
export type BuiltInEmailTemplate = { en: EmailTemplateSource } & EmailTemplateOverrides;

/** One product line of a cart, checkout or order event (Segment ecommerce spec). */
export interface EmailProduct {
  name?: string;
  price?: number;
  quantity?: number;
  image_url?: string;
  url?: string;
  [property: string]: unknown;
}

/** Properties of the event that triggered the journey (Product Added, Checkout Started, Order Completed, ...). */
export interface EmailEventProperties {
  products?: EmailProduct[];
  checkout_url?: string;
  value?: number;
  total?: number;
  currency?: string;
  order_id?: string;
  cart_id?: string;
  [property: string]: unknown;
}

/** The variables a template can use; see the README's template variable list. */
export interface EmailTemplateData {
  contact: { email: string; first_name?: string; last_name?: string; [trait: string]: unknown };
  /** Trigger event properties; `cart` and `event` are aliases of each other when only one is given. */
  cart?: EmailEventProperties;
  event?: EmailEventProperties;
  /** Only for the last cart reminder: customers learn to abandon carts when every reminder has one. */
  discount_code?: string;
  workspace: { name: string; [setting: string]: unknown };
  links: { unsubscribe?: string; review?: string; [name: string]: string | undefined };
  /** Only for team-alert: the alert text and where in which journey it was raised. */
  alert?: { message: string; journey: string; flow: string; step: string; [detail: string]: string | null };
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The locale whose source was used, after fallback. */
  locale: EmailLocale;
}
