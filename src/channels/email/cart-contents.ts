import type { EmailProduct } from './email-template.types';

interface CartEvent {
  name: string | null;
  properties: Record<string, unknown>;
}

const productKey = (p: Record<string, unknown>) => String(p.product_id ?? p.sku ?? p.name ?? '');

/**
 * What is in a cart, from its events in time order: a `products[]` list (Checkout Started, Cart Viewed) replaces
 * the contents; `Product Added` / `Product Removed` change one line, the way Segment's ecommerce spec sends them.
 */
export function cartContents(events: CartEvent[]): EmailProduct[] {
  let lines = new Map<string, EmailProduct>();
  for (const { name, properties } of events) {
    if (Array.isArray(properties.products)) {
      lines = new Map(
        (properties.products as Record<string, unknown>[]).map((product) => [
          productKey(product),
          { ...product } as EmailProduct,
        ]),
      );
      continue;
    }
    const key = productKey(properties);
    if (!key) continue;
    if (name === 'Product Added') {
      const quantity = Number(properties.quantity ?? 1) || 1;
      const existing = lines.get(key);
      const { cart_id: _cart, checkout_id: _checkout, ...product } = properties;
      lines.set(key, {
        ...product,
        quantity: (Number(existing?.quantity ?? 0) || 0) + quantity,
      } as EmailProduct);
    } else if (name === 'Product Removed') {
      lines.delete(key);
    }
  }
  return [...lines.values()];
}
