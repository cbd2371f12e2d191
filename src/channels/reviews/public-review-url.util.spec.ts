import { buildCustomerLifecycle } from '../../journeys/definition/templates/customer-lifecycle.template';
import { aJourney } from '../../journeys/engine/testing/fixtures';
import { findPublicReviewUrl } from './public-review-url.util';

describe(findPublicReviewUrl.name, () => {
  it('finds the URL of the promoter ask in the default journey', () => {
    const sut = buildCustomerLifecycle({ review: { publicReviewUrl: 'https://g.page/r/acme/review' } });

    expect(findPublicReviewUrl(sut)).toBe('https://g.page/r/acme/review');
  });

  it('is null when the journey asks for no public review', () => {
    expect(findPublicReviewUrl(buildCustomerLifecycle())).toBeNull();
  });

  it('looks inside waits for events and ignores other templates carrying the field', () => {
    const sut = aJourney([
      { id: 'other', type: 'email', template: 'nurture-1', data: { publicReviewUrl: 'https://wrong.test' } },
      {
        id: 'gate',
        type: 'waitForEvent',
        event: 'Go',
        timeout: 'P1D',
        onTimeout: [
          {
            id: 'ask',
            type: 'email',
            template: 'review-public-ask',
            data: { publicReviewUrl: 'https://right.test' },
          },
        ],
      },
    ]);

    expect(findPublicReviewUrl(sut)).toBe('https://right.test');
  });
});
