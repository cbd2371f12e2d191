import { generateKeyPairSync } from 'node:crypto';
import { DkimSettingsSchema, dkimKeyProblem, redactDkim } from './dkim-settings.schema';

const pem = (type: 'rsa' | 'ed25519' | 'ec', bits = 2048) =>
  (type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: bits }).privateKey
    : type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
      : generateKeyPairSync('ed25519').privateKey
  )
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe(dkimKeyProblem.name, () => {
  it('accepts an RSA key of 2048 bits, in PKCS#8 and PKCS#1 form', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(dkimKeyProblem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toBeNull();
    expect(dkimKeyProblem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString())).toBeNull();
  });

  it.each([
    ['text', 'hello', /PEM private key/],
    [
      'a public key',
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      /PEM private key/,
    ],
    ['Ed25519', pem('ed25519'), /Ed25519 keys are not supported/],
    ['EC', pem('ec'), /must be an RSA private key, got ec/],
    ['a short RSA key', pem('rsa', 512), /512 bits/],
  ])('explains why %s cannot sign', (_what, key, message) => {
    expect(dkimKeyProblem(key as string)).toMatch(message);
  });
});

describe('DkimSettingsSchema', () => {
  it('drops the privateKeySet flag a client sends back, and normalises the domain', () => {
    const key = pem('rsa');
    const sut = DkimSettingsSchema.parse({
      domainName: ' Shop.Example ',
      keySelector: 'tp1',
      privateKey: key,
      privateKeySet: true,
    });
    expect(sut).toEqual({ domainName: 'shop.example', keySelector: 'tp1', privateKey: key });
    expect(redactDkim(sut)).toEqual({ domainName: 'shop.example', keySelector: 'tp1', privateKeySet: true });
  });

  it('defaults to null, which signs nothing', () => {
    expect(DkimSettingsSchema.parse(undefined)).toBeNull();
    expect(redactDkim(null)).toBeNull();
  });
});
