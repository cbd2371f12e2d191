import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth';
import { DataSource } from 'typeorm';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';

const DOMAIN = 'shop.test';

function rsaKey(bits = 2048) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    txt: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
}

/** Verifies as a receiving server would, with DNS answered from the test's own records. */
async function verify(mail: ReceivedMail, records: Record<string, string>) {
  const result = await dkimVerify(Buffer.from(mail.raw), {
    resolver: async (name: string, type: string) => {
      if (type === 'TXT' && records[name]) return [[records[name]]];
      throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
    },
  });
  return result.results;
}

const journey = {
  name: 'Signed',
  stages: ['start'],
  flows: {
    main: {
      name: 'Main',
      trigger: { event: 'Sign Me' },
      entry: { reentry: 'once' },
      steps: [{ id: 'promo', type: 'email', template: 'nurture-1' }],
    },
  },
};

describe('DKIM signing', () => {
  let smtp: SmtpSink;
  let sut: TestApp;
  let n = 0;
  const key = rsaKey();
  const storedSettings = async () =>
    JSON.stringify(
      (await sut.running.app.get(DataSource).query(`SELECT settings FROM workspaces`)).map(
        (row: { settings: unknown }) => row.settings,
      ),
    );
  const sendOne = async (userId: string) => {
    await sut.request('POST', '/v1/identify', {
      messageId: `dk-${(n += 1)}`,
      userId,
      traits: { email: `${userId}@shop.test` },
    });
    await sut.request('POST', '/v1/track', { messageId: `dk-${(n += 1)}`, userId, event: 'Sign Me' });
    return (await smtp.waitFor((m) => m.to.includes(`${userId}@`)))[0]!;
  };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    sut = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: `Shop <hello@${DOMAIN}>` });
    expect((await sut.request('PUT', '/v1/journeys/signed?publish=true', journey)).status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.stop();
  });

  it('stores the key write-only: neither PUT nor GET shows it', async () => {
    const saved = await sut.request('PUT', '/v1/settings', {
      dkim: { domainName: DOMAIN, keySelector: 'tp1', privateKey: key.pem },
    });
    expect(saved.status).toBe(200);
    const expected = { domainName: DOMAIN, keySelector: 'tp1', privateKeySet: true };
    expect(saved.body.dkim).toEqual(expected);
    const read = await sut.request('GET', '/v1/settings');
    expect(read.body).toMatchObject({
      name: 'Default',
      tracking: { opens: true, clicks: true },
      dkim: expected,
    });
    expect(JSON.stringify(read.body)).not.toContain('-----BEGIN');
    expect(JSON.stringify(saved.body)).not.toContain('-----BEGIN');
  });

  it('signs marketing mail over both List-Unsubscribe headers, and the signature verifies', async () => {
    const mail = await sendOne('dk-a');
    const signature = mail.header('dkim-signature')!;
    const signed = /\bh=([^;]+)/.exec(signature)![1]!.replace(/\s+/g, '').toLowerCase().split(':');
    expect(signed).toEqual(expect.arrayContaining(['from', 'list-unsubscribe', 'list-unsubscribe-post']));
    const [result] = await verify(mail, { [`tp1._domainkey.${DOMAIN}`]: key.txt });
    expect(result!.status).toMatchObject({ result: 'pass', aligned: DOMAIN });

    // The check can fail: another domain's key does not verify this signature.
    const [wrong] = await verify(mail, { [`tp1._domainkey.${DOMAIN}`]: rsaKey().txt });
    expect(wrong!.status.result).not.toBe('pass');
  });

  it('takes back what GET showed, keeping the stored key, so a new selector still signs', async () => {
    const shown = (await sut.request('GET', '/v1/settings')).body.dkim;
    const saved = await sut.request('PUT', '/v1/settings', { dkim: { ...shown, keySelector: 'tp2' } });
    expect(saved.status).toBe(200);
    expect(saved.body.dkim).toEqual({ domainName: DOMAIN, keySelector: 'tp2', privateKeySet: true });
    const mail = await sendOne('dk-b');
    const [result] = await verify(mail, { [`tp2._domainkey.${DOMAIN}`]: key.txt });
    expect(result!.status.result).toBe('pass');
  });

  it.each([
    ['not a PEM', { privateKey: 'hello' }, '$.dkim.privateKey'],
    ['an Ed25519 key', { privateKey: ed25519Pem() }, '$.dkim.privateKey'],
    ['a 512-bit RSA key', { privateKey: rsaKey(512).pem }, '$.dkim.privateKey'],
    ['a bad domain', { domainName: 'not a domain' }, '$.dkim.domainName'],
    ['a bad selector', { keySelector: 'a;b' }, '$.dkim.keySelector'],
  ])('rejects %s with 400, the field path, and no write', async (_what, patch, path) => {
    const before = await storedSettings();
    const response = await sut.request('PUT', '/v1/settings', { dkim: patch });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(JSON.stringify(response.body)).not.toContain('-----BEGIN');
    expect(await storedSettings()).toBe(before);
  });

  it('sends unsigned mail once the key is removed', async () => {
    expect((await sut.request('PUT', '/v1/settings', { dkim: null })).body.dkim).toBeNull();
    const mail = await sendOne('dk-c');
    expect(mail.header('dkim-signature')).toBeUndefined();
  });
});

function ed25519Pem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
