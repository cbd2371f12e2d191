import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** How long a dashboard login lasts. */
export const SESSION_SECONDS = 12 * 3600;
export const SESSION_COOKIE = 'tp_session';

export interface WebSession {
  workspaceId: string;
  /** Unix seconds. */
  expires: number;
  /** The start of the key's SHA-256 (what api_keys stores), so revoking the key ends the session. */
  keyFingerprint: string;
}

/** The fingerprint of a write key: a prefix of its stored hash, enough to tell keys apart, useless to log in. */
export const keyFingerprint = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 16);

// A key of its own, so a session can never pass for another signed token of the installation.
const sessionKey = (secret: string) =>
  createHmac('sha256', secret).update('touchpoint dashboard session').digest();

const mac = (secret: string, payload: string) =>
  createHmac('sha256', sessionKey(secret)).update(payload).digest('base64url');

export function signSession(session: WebSession, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify({ w: session.workspaceId, e: session.expires, k: session.keyFingerprint }),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The session in a cookie value, or null when it is forged, changed, malformed or expired. */
export function verifySession(
  value: string | undefined,
  secret: string,
  nowSeconds: number,
): WebSession | null {
  if (!value) return null;
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const { w, e, k } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof w !== 'string' || typeof e !== 'number' || typeof k !== 'string') return null;
  if (e <= nowSeconds) return null;
  return { workspaceId: w, expires: e, keyFingerprint: k };
}

/** Where to go after logging in: only a dashboard path on this site, never another host. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/app(?:[/?#]|$)/.test(next) || /[\\\s]/.test(next)) return '/app';
  return next;
}
