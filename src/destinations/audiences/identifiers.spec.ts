import { hashIdentifiers, normaliseEmail, normalisePhone, sha256Hex } from './identifiers';

describe(normaliseEmail.name, () => {
  it.each([
    ['  Jane.Doe@Example.COM ', 'jane.doe@example.com'],
    ['no-at-sign', null],
    ['', null],
    [42, null],
  ])('%p -> %p', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });
});

describe(normalisePhone.name, () => {
  it.each([
    ['+31 6-1234 5678', '31612345678'],
    ['0031 (6) 12345678', '31612345678'],
    ['+1 (650) 555-1234', '16505551234'],
    ['16505551234', '16505551234'],
    ['06 12345678', null],
    ['+12', null],
    [null, null],
  ])('%p -> %p', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });
});

describe(hashIdentifiers.name, () => {
  const contact = { email: ' Jane@Example.com', phone: '+31 6 1234 5678' };

  it('hashes the normalised email and the phone digits as Meta wants them', () => {
    const sut = hashIdentifiers(contact, 'digits');

    expect(sut).toEqual({ email: sha256Hex('jane@example.com'), phone: sha256Hex('31612345678') });
    expect(sut.email).toBe('8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d');
    expect(sut.phone).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the phone in E.164 with its plus as Google wants it', () => {
    expect(hashIdentifiers(contact, 'plus').phone).toBe(sha256Hex('+31612345678'));
  });

  it('leaves out what cannot be normalised', () => {
    expect(hashIdentifiers({ email: null, phone: '0612345678' }, 'digits')).toEqual({});
  });
});
