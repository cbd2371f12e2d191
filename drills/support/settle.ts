import { backlog, effectCounts, lostAcked, missingMail } from './invariants';
import { sleep, until } from './load';
import { check, type Check } from './report';
import type { Rig } from './rig';
import type { ShopLoad } from './shop-load';

/** Nothing left to do: no effect pending, no webhook delivery open. */
const openWork = `SELECT (SELECT count(*) FROM effects WHERE status = 'pending')
                       + (SELECT count(*) FROM destination_deliveries WHERE status IN ('pending', 'sending')) AS n`;

/** Waits until every email and webhook the load is owed has arrived and nothing is pending; false on timeout. */
export async function settle(rig: Rig, load: ShopLoad, timeoutMs: number): Promise<boolean> {
  const finished = await until(
    async () =>
      rig.mail.seen.size >= load.owed.length * 3 &&
      rig.webhooks.seen.size >= load.leads &&
      (await rig.probe.count(openWork)) === 0,
    timeoutMs,
    500,
  );
  // Nothing is pending, so nothing more should arrive; a late repeat would show up in these seconds.
  await sleep(2_000);
  return finished;
}

/** The counts every load drill reports once settled. */
export function settledFigures(rig: Rig): [string, string | number][] {
  return [
    ['events acknowledged (2xx)', rig.ingest.acked.size],
    ['emails accepted / distinct Message-IDs', `${rig.mail.accepted.length} / ${rig.mail.seen.size}`],
    ['webhooks received / distinct webhook-ids', `${rig.webhooks.received} / ${rig.webhooks.seen.size}`],
  ];
}

/** The promises every load drill checks once settled: nothing acknowledged lost, nothing stuck, nothing twice. */
export async function settledChecks(rig: Rig, load: ShopLoad, finished: boolean): Promise<Check[]> {
  const lost = await lostAcked(rig.probe, rig.ingest.acked.keys());
  const left = await backlog(rig.probe);
  const effects = await effectCounts(rig.probe);
  const notDone = [...effects].filter(([key]) => !key.endsWith(' done')).reduce((sum, [, n]) => sum + n, 0);
  const hooksOpen = await rig.probe.count(
    `SELECT count(*) AS n FROM destination_deliveries WHERE status <> 'sent'`,
  );
  const missing = missingMail(rig.mail, load.owed, 3);
  const repeats = rig.mail.repeats().length + rig.webhooks.repeats().length;
  return [
    check('0 acknowledged events lost', lost.length, lost.length === 0),
    check(
      'nothing stuck: all routed, every effect done, no delivery open',
      `${left.unrouted} unrouted, ${notDone} not done, ${left.sending} sending, ${hooksOpen} webhooks open`,
      left.unrouted === 0 && notDone === 0 && left.sending === 0 && hooksOpen === 0 && finished,
    ),
    check('every contact got its 3 emails', `${missing.length} short`, missing.length === 0),
    check(
      "every lead's webhook delivered",
      `${rig.webhooks.seen.size} of ${load.leads}`,
      rig.webhooks.seen.size === load.leads,
    ),
    check('each email and webhook once (no repeated Message-ID / webhook-id)', repeats, repeats === 0),
    check('contacts the load gave up on', load.gaveUp, load.gaveUp === 0),
  ];
}
