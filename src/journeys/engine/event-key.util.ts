import { readPath } from './evaluate-condition';

export interface EventKey {
  value: string;
  /** The key path that produced the value, e.g. `properties.cart_id`. */
  path: string;
}

type Properties = { properties: Record<string, unknown> };

function keyValue(event: Properties, path: string): string | null {
  const value = readPath(event, path);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

/** The run key an event carries: the first non-empty of the flow's key paths, or null. */
export function eventKey(paths: readonly string[], event: Properties): EventKey | null {
  for (const path of paths) {
    const value = keyValue(event, path);
    if (value !== null) return { value, path };
  }
  return null;
}

/** Whether any key path of the event holds the run key (an order may carry both cart_id and checkout_id). */
export function carriesKey(paths: readonly string[], event: Properties, key: string | null): boolean {
  return key !== null && paths.some((path) => keyValue(event, path) === key);
}

/** Words for a key in logs: properties.cart_id -> "cart", properties.order_id -> "order". */
export function keyLabel(path: string): string {
  const last = path.split('.').pop() ?? path;
  const stem = last.replace(/(_id|Id|ID)$/, '');
  return (stem || last).replace(/_/g, ' ');
}
