import { buildCustomerLifecycle } from '../definition/templates/customer-lifecycle.template';
import type { AudienceEffect, EngineEffect } from './engine.types';
import { RunDriver } from './testing/run-driver';
import { anEvent } from './testing/fixtures';

const withAudience = buildCustomerLifecycle({ cart: { audienceDestination: 'meta-cart' } });
const start = () =>
  RunDriver.start(withAudience, 'cart', anEvent('Checkout Started', { cart_id: 'c-17' }), { key: 'c-17' });
const audience = (effects: EngineEffect[]) =>
  effects.filter((e): e is AudienceEffect => e.kind === 'audience').map((e) => [e.stepId, e.action]);

describe(`${buildCustomerLifecycle.name} cart.audienceDestination`, () => {
  it('joins the audience with the first reminder and leaves it when recovery ends', () => {
    const sut = start();

    const abandoned = sut.elapse();
    sut.elapse();
    const last = sut.elapse();

    expect(abandoned.effects.map((e) => e.kind)).toEqual(['email', 'audience', 'wake']);
    expect(audience(abandoned.effects)).toEqual([['audience-join', 'add']]);
    expect(audience(last.effects)).toEqual([['audience-leave', 'remove']]);
    expect(last.status).toBe('completed');
    expect(last.effects.find((e) => e.kind === 'audience')).toMatchObject({ destination: 'meta-cart' });
  });

  it('leaves the audience when the cart is bought, through the exit goal', () => {
    const sut = start();
    sut.elapse();

    const bought = sut.event('Order Completed', { cart_id: 'c-17', order_id: 'o-1' });

    expect(bought.status).toBe('exited');
    expect(audience(bought.effects)).toEqual([['audience-bought', 'remove']]);
  });

  it('asks for a removal even when the cart is bought before the first reminder (a non-member is skipped later)', () => {
    const sut = start();

    const bought = sut.event('Order Completed', { cart_id: 'c-17' });

    expect(audience(bought.effects)).toEqual([['audience-bought', 'remove']]);
    expect(audience(sut.results.flatMap((r) => r.effects)).filter(([, action]) => action === 'add')).toEqual(
      [],
    );
  });

  it('has no audience steps without the parameter, and rejects a bad key with its path', () => {
    const plain = buildCustomerLifecycle();
    const steps = JSON.stringify(plain.flows.cart);

    expect(steps).not.toContain('audience');
    expect(() => buildCustomerLifecycle({ cart: { audienceDestination: 'Meta Cart' } })).toThrow(
      '$.params.cart.audienceDestination',
    );
  });
});
