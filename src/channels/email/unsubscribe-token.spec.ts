import { createToken, LinkTokenError, readToken, type LinkTokenPayload } from './unsubscribe-token';

const secret = 'a-test-secret-of-at-least-32-characters!';
const now = new Date('2026-03-01T12:00:00Z');
const nowSeconds = now.getTime() / 1000;

const payloadFactory = (overrides: Partial<LinkTokenPayload> = {}): LinkTokenPayload => ({
  w: '7b0c5f1e-2d4a-4c1b-9f43-0a6c2e9d1b11',
  c: 'c3f9a2d8-5e61-47b0-8d2c-9b1e4f7a6c22',
  p: 'unsubscribe',
  ...overrides,
});

/** Flips one bit of the decoded token at `index` (negative counts from the end). */
function tamper(token: string, index: number): string {
  const bytes = Buffer.from(token, 'base64url');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes.toString('base64url');
}

describe(`${createToken.name} and ${readToken.name}`, () => {
  it('round-trips the payload', () => {
    const payload = payloadFactory({ p: 'review', e: nowSeconds + 3600 });
    expect(readToken(secret, createToken(secret, payload), now)).toEqual(payload);
  });

  it('carries the order id of a review link, which older tokens lack', () => {
    const withOrder = payloadFactory({ p: 'review', e: nowSeconds + 3600, o: 'order-1042' });
    expect(readToken(secret, createToken(secret, withOrder), now)).toEqual(withOrder);
    expect(readToken(secret, createToken(secret, payloadFactory()), now)).not.toHaveProperty('o');
  });

  it('is URL-safe and reveals none of the ids, even encoded', () => {
    const payload = payloadFactory();
    const token = createToken(secret, payload);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = Buffer.from(token, 'base64url').toString('latin1');
    for (const id of [payload.w, payload.c, payload.p]) {
      expect(token).not.toContain(id);
      expect(decoded).not.toContain(id);
      expect(decoded).not.toContain(id.slice(0, 8));
    }
  });

  it('differs on every creation, so tokens cannot be compared across emails', () => {
    expect(createToken(secret, payloadFactory())).not.toBe(createToken(secret, payloadFactory()));
  });

  it.each([
    ['the version', 0],
    ['the iv', 5],
    ['the ciphertext', 20],
    ['the tag', -1],
  ])('rejects a token with a changed bit in %s as token_invalid', (_part, index) => {
    const result = readToken(secret, tamper(createToken(secret, payloadFactory()), index), now);
    expect(result).toBeInstanceOf(LinkTokenError);
    expect(result).toMatchObject({ code: 'token_invalid', status: 400 });
  });

  it.each([
    [
      'another secret',
      () => readToken('another-secret-of-at-least-32-characters', createToken(secret, payloadFactory()), now),
    ],
    ['garbage', () => readToken(secret, 'not-a-token', now)],
    ['a non-base64url token', () => readToken(secret, 'abc+/=', now)],
    ['an empty token', () => readToken(secret, '', now)],
    ['a truncated token', () => readToken(secret, createToken(secret, payloadFactory()).slice(0, 30), now)],
    ['an oversized token', () => readToken(secret, 'A'.repeat(5000), now)],
  ])('rejects %s as token_invalid', (_name, read) => {
    expect(read()).toMatchObject({ code: 'token_invalid' });
  });

  it('rejects a token made for another purpose when a purpose is asked for', () => {
    const review = createToken(secret, payloadFactory({ p: 'review' }));
    expect(readToken(secret, review, now, 'unsubscribe')).toMatchObject({ code: 'token_invalid' });
    expect(readToken(secret, review, now, 'review')).toMatchObject({ p: 'review' });
  });

  it('expires at the expiry second and not before', () => {
    const token = createToken(secret, payloadFactory({ e: nowSeconds + 60 }));
    expect(readToken(secret, token, new Date(now.getTime() + 59_999))).toMatchObject({ p: 'unsubscribe' });
    const expired = readToken(secret, token, new Date(now.getTime() + 60_000));
    expect(expired).toBeInstanceOf(LinkTokenError);
    expect(expired).toMatchObject({ code: 'token_expired', status: 410 });
  });

  it('never expires without an expiry', () => {
    const token = createToken(secret, payloadFactory());
    expect(readToken(secret, token, new Date('2100-01-01T00:00:00Z'))).toEqual(payloadFactory());
  });

  it('refuses to create a token with an empty secret or an unknown purpose', () => {
    expect(() => createToken('', payloadFactory())).toThrow('secret');
    expect(() => createToken(secret, { ...payloadFactory(), p: 'login' as 'review' })).toThrow();
  });
});
