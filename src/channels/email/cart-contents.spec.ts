import { cartContents } from './cart-contents';

describe(cartContents.name, () => {
  it('adds up Product Added lines and drops removed ones', () => {
    const sut = cartContents([
      { name: 'Product Added', properties: { cart_id: 'c1', product_id: 'p1', name: 'Mug', price: 12 } },
      {
        name: 'Product Added',
        properties: { cart_id: 'c1', product_id: 'p1', name: 'Mug', price: 12, quantity: 2 },
      },
      { name: 'Product Added', properties: { cart_id: 'c1', product_id: 'p2', name: 'Teapot', price: 30 } },
      { name: 'Product Removed', properties: { cart_id: 'c1', product_id: 'p2' } },
    ]);
    expect(sut).toEqual([{ product_id: 'p1', name: 'Mug', price: 12, quantity: 3 }]);
  });

  it('takes a products list (Checkout Started) as the whole cart, then applies later changes', () => {
    const sut = cartContents([
      { name: 'Product Added', properties: { product_id: 'old', name: 'Old' } },
      {
        name: 'Checkout Started',
        properties: { products: [{ product_id: 'p9', name: 'Lamp', quantity: 1 }] },
      },
      { name: 'Product Added', properties: { product_id: 'p3', name: 'Bulb' } },
    ]);
    expect(sut.map((p) => [p.name, p.quantity])).toEqual([
      ['Lamp', 1],
      ['Bulb', 1],
    ]);
  });

  it('ignores events that name no product', () => {
    expect(cartContents([{ name: 'Cart Viewed', properties: { cart_id: 'c1' } }])).toEqual([]);
  });
});
