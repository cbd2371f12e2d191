import { Liquid, type LiquidOptions } from 'liquidjs';
import { markSlot } from './mjml-slots';

const safeOptions: LiquidOptions = {
  strictFilters: true,
  strictVariables: false,
  // Templates are edited by shop owners: no inherited properties, no include/render from the file system.
  ownPropertyOnly: true,
  templates: {},
  parseLimit: 500_000,
  renderLimit: 2_000,
  memoryLimit: 10_000_000,
};

/** `{{ product.price | money: cart.currency }}`, formatted for the template's `locale`. */
function money(this: { context: { getSync(path: string[]): unknown } }, value: unknown, currency?: unknown) {
  const amount = typeof value === 'string' ? Number(value) : value;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return value ?? '';
  const scopeLocale = this.context.getSync(['locale']);
  const locale = typeof scopeLocale === 'string' ? scopeLocale : 'en';
  try {
    if (typeof currency !== 'string' || !currency) {
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
        amount,
      );
    }
    return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(
      amount,
    );
  } catch {
    // An unknown currency code must not fail a send: show the bare amount.
    return amount.toFixed(2);
  }
}

function createEngine(options: LiquidOptions): Liquid {
  const engine = new Liquid({ ...safeOptions, ...options });
  engine.registerFilter('money', money);
  return engine;
}

/** Renders MJML bodies: every `{{ output }}` is HTML-escaped (use `| raw` to opt out). */
export const bodyLiquid = createEngine({ outputEscape: 'escape' });

/** As bodyLiquid, with each escaped output between slot markers, for the compiled-structure cache. */
export const slottedBodyLiquid = createEngine({ outputEscape: markSlot });

/** Renders subject lines: plain text, no escaping. */
export const subjectLiquid = createEngine({});

/** Removes Liquid's ", line:3, col:1" suffix; the line is reported in its own field. */
export function liquidMessage(error: Error): string {
  return error.message.replace(/, line:\d+, col:\d+$/, '');
}
