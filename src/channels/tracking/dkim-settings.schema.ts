import { createPrivateKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const DOMAIN = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})+$`);
const SELECTOR = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
/** RFC 8301: signers must use RSA keys of at least 1024 bits. */
const MIN_RSA_BITS = 1024;

/** Why a PEM cannot sign DKIM, or null when it can; never echoes the key. */
export function dkimKeyProblem(pem: string): string | null {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    return 'must be an unencrypted PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)';
  }
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') {
    // nodemailer signs a=rsa-sha256 only, and an Ed25519 key there would send every message unsigned.
    return 'Ed25519 keys are not supported yet (the mail transport signs rsa-sha256): use an RSA key of 2048 bits';
  }
  if (type !== 'rsa') return `must be an RSA private key, got ${type ?? 'an unknown key type'}`;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return bits < MIN_RSA_BITS ? `the RSA key has ${bits} bits; DKIM needs at least ${MIN_RSA_BITS}` : null;
}

/**
 * Settings key `dkim`: sign outgoing mail for `domainName` with the key published at
 * `{keySelector}._domainkey.{domainName}`. The private key is write-only: GET shows `privateKeySet: true`, and a
 * client may send that back unchanged (it is ignored).
 */
export const DkimSettingsSchema = z
  .strictObject({
    domainName: z.string().trim().toLowerCase().regex(DOMAIN, 'must be a domain name such as example.com'),
    keySelector: z.string().trim().regex(SELECTOR, 'must be a DNS label such as tp1'),
    privateKey: z
      .string()
      .max(20_000, 'is too long for a private key')
      .superRefine((pem, ctx) => {
        const problem = dkimKeyProblem(pem);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    privateKeySet: z.boolean().optional(),
  })
  .transform(({ privateKeySet: _ignored, ...dkim }) => dkim)
  .nullable()
  .default(null);

export type DkimSettings = NonNullable<z.output<typeof DkimSettingsSchema>>;

/** What GET /v1/settings shows of the `dkim` key: everything but the private key. */
export function redactDkim(dkim: DkimSettings | null) {
  return dkim ? { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKeySet: true } : null;
}
