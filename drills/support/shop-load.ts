import { cartMessages, leadMessages } from '../drill';
import { atRate, sleep, type Ingest, type Message } from './load';

export interface ShopLoad {
  /** Addresses of the contacts whose messages were all acknowledged: each is owed 3 emails. */
  owed: string[];
  /** How many of them are leads: each lead is owed a webhook too (when the drill publishes webhooks). */
  leads: number;
  /** Contacts that gave up (a message never acknowledged after every retry). */
  gaveUp: number;
  /** Ends the load early: no new contacts; those under way finish. */
  stop(): void;
  done: Promise<void>;
}

/**
 * New contacts at a steady rate, alternately a lead (3 nurture emails, a webhook) and an abandoned cart (3 reminders), each an
 * identify then a track call. Like a Segment SDK, a refused call is retried with the same messageId, so an outage
 * delays a contact instead of dropping it.
 */
export function shopLoad(
  ingest: Ingest,
  options: { tag: string; perSecond: number; seconds: number; inFlight?: number },
): ShopLoad {
  let stopped = false;
  const load: ShopLoad = {
    owed: [],
    leads: 0,
    gaveUp: 0,
    stop: () => (stopped = true),
    done: Promise.resolve(),
  };
  const count = Math.max(1, Math.round(options.perSecond * options.seconds));
  load.done = atRate(
    count,
    options.perSecond,
    options.inFlight ?? 200,
    async (i) => {
      const userId = `${options.tag}-${i + 1}`;
      const lead = i % 2 === 0;
      const messages = lead ? leadMessages(userId, options.tag) : cartMessages(userId, options.tag);
      for (const message of messages) {
        if (!(await deliver(ingest, message))) {
          load.gaveUp += 1;
          return;
        }
      }
      load.owed.push(`${userId}@drill.test`);
      if (lead) load.leads += 1;
    },
    () => stopped,
  );
  return load;
}

async function deliver(ingest: Ingest, message: Message): Promise<boolean> {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const answer = message.type === 'identify' ? await ingest.identify(message) : await ingest.track(message);
    if (answer.status >= 200 && answer.status < 300) return true;
    await sleep(500);
  }
  return false;
}
