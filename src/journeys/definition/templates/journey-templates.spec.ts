import { JourneyValidationError } from '../journey-validation.error';
import { UnknownJourneyTemplateError, getJourneyTemplate } from './journey-templates';

describe(getJourneyTemplate.name, () => {
  it('returns the builder and params schema of a built-in template', () => {
    const sut = getJourneyTemplate('customer-lifecycle');

    expect(sut.build({ cart: { cooldown: 'P3D' } }).flows.cart.entry?.reentry).toEqual({ cooldown: 'P3D' });
    expect(sut.paramsSchema.safeParse({ review: { reminderAfter: 'P2D' } }).success).toBe(true);
  });

  it('validates untrusted params', () => {
    expect(() => getJourneyTemplate('customer-lifecycle').build({ review: 'soon' })).toThrow(
      JourneyValidationError,
    );
  });

  it('throws a clear error for an unknown name', () => {
    const sut = () => getJourneyTemplate('winback');

    expect(sut).toThrow(UnknownJourneyTemplateError);
    expect(sut).toThrow('Unknown journey template "winback"; known templates: customer-lifecycle');
    expect(() => getJourneyTemplate('toString')).toThrow(UnknownJourneyTemplateError);
  });
});
