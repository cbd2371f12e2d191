import { keyFingerprint, safeNext, signSession, verifySession } from './web-session';

describe('web session', () => {
  const secret = 'a-secret-of-the-installation';
  const session = { workspaceId: 'ws-1', expires: 2_000, keyFingerprint: keyFingerprint('tp_key') };

  it('verifies what it signed until it expires', () => {
    const sut = signSession(session, secret);

    expect(verifySession(sut, secret, 1_999)).toEqual(session);
    expect(verifySession(sut, secret, 2_000)).toBeNull();
  });

  it('refuses a changed payload, another secret, and malformed values', () => {
    const sut = signSession(session, secret);
    const [payload, signature] = sut.split('.');
    const changed = Buffer.from(JSON.stringify({ w: 'ws-2', e: 2_000, k: session.keyFingerprint })).toString(
      'base64url',
    );

    expect(verifySession(`${changed}.${signature}`, secret, 0)).toBeNull();
    expect(verifySession(sut, 'another-secret', 0)).toBeNull();
    expect(verifySession(`${payload}.${signature}.x`, secret, 0)).toBeNull();
    expect(verifySession(payload, secret, 0)).toBeNull();
    expect(verifySession(undefined, secret, 0)).toBeNull();
  });

  it('names the key by a prefix of its stored hash, not by the key', () => {
    expect(keyFingerprint('tp_key')).toMatch(/^[0-9a-f]{16}$/);
    expect(signSession(session, secret)).not.toContain('tp_key');
  });

  it.each([
    ['/app/journeys/x?days=7', '/app/journeys/x?days=7'],
    ['/app', '/app'],
    ['//evil.example/app', '/app'],
    ['https://evil.example/app', '/app'],
    ['/app\\@evil.example', '/app'],
    ['/application', '/app'],
    [undefined, '/app'],
  ])('sends %s back to %s after login', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
