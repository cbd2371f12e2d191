import { createHash } from 'node:crypto';

/** The form addresses are compared in: trimmed and lower-cased (as ingest stores them). */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** SHA-256 (hex) of the normalised address: the suppression key, which survives an erasure. */
export const emailHash = (email: string): string =>
  createHash('sha256').update(normalizeEmail(email), 'utf8').digest('hex');
