// A child process (forked by the benchmark) with the SMTP sink and the webhook receiver, so their work does not
// share an event loop with the load generator. It records each Message-ID / webhook-id with its arrival time.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkStats {
  emails: number;
  emailDuplicates: number;
  webhooks: number;
  webhookDuplicates: number;
  /** [messageId, arrival ms] of the emails from index `since` on. */
  received: [string, number][];
}

const mail: [string, number][] = [];
const seenMail = new Set<string>();
let emailDuplicates = 0;
const seenHooks = new Set<string>();
let webhooks = 0;
let webhookDuplicates = 0;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 1024 * 1024,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 16_384) head += chunk.toString('utf8');
    });
    stream.on('end', () => {
      const id = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '';
      if (seenMail.has(id)) emailDuplicates += 1;
      seenMail.add(id);
      mail.push([id, Date.now()]);
      callback();
    });
  },
});
smtp.on('error', () => undefined);

const hooks = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const id = String(req.headers['webhook-id'] ?? '');
    webhooks += 1;
    if (id && seenHooks.has(id)) webhookDuplicates += 1;
    seenHooks.add(id);
    res.writeHead(204).end();
  });
});

function stats(since: number): SinkStats {
  return { emails: mail.length, emailDuplicates, webhooks, webhookDuplicates, received: mail.slice(since) };
}

process.on('message', (message: { since?: number }) => process.send?.(stats(message.since ?? mail.length)));
process.on('disconnect', () => process.exit(0));

smtp.listen(0, '127.0.0.1', () => {
  hooks.listen(0, '127.0.0.1', () => {
    process.send?.({
      smtpPort: (smtp.server.address() as AddressInfo).port,
      webhookPort: (hooks.address() as AddressInfo).port,
    });
  });
});
