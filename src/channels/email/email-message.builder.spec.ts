import {
  buildEmailMessage,
  emailMessageId,
  unsubscribeUrl,
  type EmailMessageInput,
} from './email-message.builder';

const inputFactory = (overrides: Partial<EmailMessageInput> = {}): EmailMessageInput => ({
  effectId: '0b9c2a7e-4a51-4bb5-a7c4-6b2f0d1e9a33:4',
  messageClass: 'marketing',
  from: { name: 'Acme Kitchen', address: 'hello@shop.example.com' },
  to: 'jane@example.com',
  rendered: { subject: 'You left something in your cart', html: '<p>Hi</p>', text: 'Hi' },
  unsubscribeUrl: 'https://tp.example.com/u/AbC-123_xyz',
  messageIdDomain: 'mail.example.com',
  ...overrides,
});

describe(buildEmailMessage.name, () => {
  it('builds a marketing message with RFC 8058 one-click unsubscribe headers', () => {
    expect(buildEmailMessage(inputFactory())).toEqual({
      from: { name: 'Acme Kitchen', address: 'hello@shop.example.com' },
      to: 'jane@example.com',
      subject: 'You left something in your cart',
      html: '<p>Hi</p>',
      text: 'Hi',
      messageId: '<0b9c2a7e-4a51-4bb5-a7c4-6b2f0d1e9a33=3A4@mail.example.com>',
      headers: {
        'X-Touchpoint-Effect-ID': '0b9c2a7e-4a51-4bb5-a7c4-6b2f0d1e9a33:4',
        'List-Unsubscribe': '<https://tp.example.com/u/AbC-123_xyz>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  });

  it('adds the mailto alternative when configured', () => {
    expect(
      buildEmailMessage(inputFactory({ unsubscribeMailto: 'u@shop.example.com' })).headers,
    ).toMatchObject({
      'List-Unsubscribe':
        '<https://tp.example.com/u/AbC-123_xyz>, <mailto:u@shop.example.com?subject=unsubscribe>',
    });
  });

  it('gives transactional messages no unsubscribe headers', () => {
    const message = buildEmailMessage(
      inputFactory({ messageClass: 'transactional', unsubscribeUrl: undefined }),
    );
    expect(Object.keys(message.headers)).toEqual(['X-Touchpoint-Effect-ID']);
  });

  it.each([undefined, 'not a url', 'javascript:alert(1)', 'mailto:u@shop.example.com'])(
    'refuses marketing mail with unsubscribe URL %p',
    (url) => {
      expect(() => buildEmailMessage(inputFactory({ unsubscribeUrl: url }))).toThrow('unsubscribe URL');
    },
  );

  it('derives the same Message-ID for the same effect, so a retried send is recognisable', () => {
    expect(buildEmailMessage(inputFactory()).messageId).toBe(buildEmailMessage(inputFactory()).messageId);
    expect(buildEmailMessage(inputFactory({ effectId: 'run-1:5' })).messageId).not.toBe(
      buildEmailMessage(inputFactory()).messageId,
    );
  });

  it('takes the Message-ID domain from the From address when none is configured', () => {
    const from = (address: string) =>
      buildEmailMessage(inputFactory({ from: address, messageIdDomain: undefined }));
    expect(from('Shop <hello@shop.example.com>').messageId).toMatch(/@shop\.example\.com>$/);
    expect(from('no address').messageId).toMatch(/@touchpoint\.local>$/);
  });
});

describe(unsubscribeUrl.name, () => {
  it('joins base URL and token without a double slash and escapes the token', () => {
    expect(unsubscribeUrl('https://tp.example.com/', 't0k')).toBe('https://tp.example.com/u/t0k');
    expect(unsubscribeUrl('https://x.test/tp', 'a/b')).toBe('https://x.test/tp/u/a%2Fb');
  });
});

describe(emailMessageId.name, () => {
  it.each([
    ['run-1:2', '<run-1=3A2@d.test>'],
    ['a.b', '<a=2Eb@d.test>'],
    ['a=2Eb', '<a=3D2Eb@d.test>'],
    ['é', '<=C3=A9@d.test>'],
  ])('encodes %p as %p', (effectId, expected) => {
    expect(emailMessageId(effectId, 'd.test')).toBe(expected);
  });
});
