import { buildCustomerLifecycle } from '../journeys/definition/templates/customer-lifecycle.template';
import { definedSteps, StepIndex } from './journey-steps';

describe(StepIndex.name, () => {
  const definition = buildCustomerLifecycle({ cart: { audienceDestination: 'meta-cart' } });
  const sut = new StepIndex(definition);

  it('gives a row its flow: the recorded one, else the only flow with the step (nurture and cart both have wait-2)', () => {
    expect(sut.keyOf(null, 'reminder-1')).toBe('cart/reminder-1');
    expect(sut.keyOf('nurture', 'wait-2')).toBe('nurture/wait-2');
    expect(sut.keyOf('cart', 'wait-2')).toBe('cart/wait-2');
    expect(sut.keyOf(null, 'wait-2')).toBeNull();
    expect(sut.keyOf('cart', 'nurture-1')).toBeNull();
    expect(sut.keyOf(null, 'a-step-of-an-older-version')).toBeNull();
  });

  it('lists nested steps and onExit actions in document order', () => {
    const cart = definedSteps(definition)
      .filter((s) => s.flow === 'cart')
      .map((s) => s.step.id);

    expect(cart).toEqual([
      'wait-abandon',
      'bought',
      'reminder-1',
      'audience-join',
      'wait-2',
      'reminder-2',
      'wait-3',
      'reminder-3',
      'audience-leave',
      'audience-bought',
    ]);
  });
});
