import { consentFromTraits } from './consent-traits';

const at = new Date('2026-05-01T10:00:00Z');

describe(consentFromTraits.name, () => {
  const sut = consentFromTraits;

  it('reads the Segment-style consent object', () => {
    expect(sut({ consent: { email_marketing: true, ads: false } }, at)).toEqual([
      {
        purpose: 'email_marketing',
        status: 'granted',
        source: 'identify',
        method: 'traits.consent.email_marketing',
        at,
      },
      { purpose: 'ads', status: 'withdrawn', source: 'identify', method: 'traits.consent.ads', at },
    ]);
  });

  it('reads the flat traits, with booleans or status words', () => {
    expect(sut({ email_marketing_consent: 'withdrawn', ads_consent: true }, at)).toEqual([
      expect.objectContaining({
        purpose: 'email_marketing',
        status: 'withdrawn',
        method: 'traits.email_marketing_consent',
      }),
      expect.objectContaining({ purpose: 'ads', status: 'granted', method: 'traits.ads_consent' }),
    ]);
  });

  it('prefers the consent object when both shapes name a purpose', () => {
    expect(sut({ consent: { ads: true }, ads_consent: false }, at)).toEqual([
      expect.objectContaining({ purpose: 'ads', status: 'granted' }),
    ]);
  });

  it('ignores unknown purposes, unreadable values and other traits', () => {
    expect(
      sut({ consent: { sms: true, email_marketing: 'maybe' }, ads_consent: 1, email: 'a@b.c' }, at),
    ).toEqual([]);
    expect(sut({ consent: ['email_marketing'] }, at)).toEqual([]);
  });
});
