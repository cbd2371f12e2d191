// Opaque link tokens (unsubscribe, review, open and click tracking): AES-256-GCM encrypts the ids, so a token
// reveals nothing and its authentication tag makes any forged or altered token fail to open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../common/domain-error';

export const LINK_TOKEN_PURPOSES = ['unsubscribe', 'review', 'open', 'click', 'confirm'] as const;
export type LinkTokenPurpose = (typeof LINK_TOKEN_PURPOSES)[number];

export interface LinkTokenPayload {
  /** Workspace id. */
  w: string;
  /** Contact id. */
  c: string;
  p: LinkTokenPurpose;
  /** Expiry, Unix epoch seconds; no expiry when absent (unsubscribe links must keep working). */
  e?: number;
  /** Order id a review link asks about; absent in older tokens and when the order is unknown. */
  o?: string;
  /** Effect id (the email) an open or click token was made for. */
  f?: string;
  /** Target URL of a click token. */
  u?: string;
}

export class LinkTokenError extends DomainError {
  constructor(override readonly code: 'token_invalid' | 'token_expired') {
    const message = code === 'token_expired' ? 'this link has expired' : 'this link is not valid';
    super(code, message, code === 'token_expired' ? 410 : 400);
    this.name = 'LinkTokenError';
  }
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MAX_TOKEN_CHARS = 1024;

const payloadSchema = z.strictObject({
  w: z.string().min(1),
  c: z.string().min(1),
  p: z.enum(LINK_TOKEN_PURPOSES),
  e: z.int().positive().optional(),
  o: z.string().min(1).max(200).optional(),
  f: z.string().min(1).max(200).optional(),
  u: z.string().min(1).max(MAX_TOKEN_CHARS).optional(),
});

function keyFor(secret: string | Buffer): Buffer {
  if (secret.length === 0) throw new Error('link token secret must not be empty');
  // A key of its own for this use, so the app secret can also sign other things without key reuse.
  return Buffer.from(hkdfSync('sha256', secret, 'touchpoint', `link-token v${VERSION} aes-256-gcm`, 32));
}

/** Encrypts a payload into a URL-safe token (base64url of version | iv | ciphertext | tag). */
export function createToken(secret: string | Buffer, payload: LinkTokenPayload): string {
  const header = Buffer.from([VERSION]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv).setAAD(header);
  const body = Buffer.concat([
    cipher.update(JSON.stringify(payloadSchema.parse(payload)), 'utf8'),
    cipher.final(),
  ]);
  return Buffer.concat([header, iv, body, cipher.getAuthTag()]).toString('base64url');
}

function open(secret: string | Buffer, token: string): unknown {
  if (token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length <= 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) return undefined;
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), iv).setAAD(bytes.subarray(0, 1));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    const body = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Opens a token: its payload, or a LinkTokenError (`token_invalid`, `token_expired`) to return or throw.
 * With `purpose`, a token made for another purpose (a review link used to unsubscribe) is invalid.
 */
export function readToken(
  secret: string | Buffer,
  token: string,
  now: Date,
  purpose?: LinkTokenPurpose,
): LinkTokenPayload | LinkTokenError {
  const parsed = payloadSchema.safeParse(open(secret, token));
  if (!parsed.success || (purpose && parsed.data.p !== purpose)) return new LinkTokenError('token_invalid');
  if (parsed.data.e !== undefined && now.getTime() >= parsed.data.e * 1000)
    return new LinkTokenError('token_expired');
  return parsed.data;
}
