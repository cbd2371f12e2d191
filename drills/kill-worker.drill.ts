import type { Drill } from './drill';
import { leadMessages } from './drill';
import { verdict } from './kill-worker.verdict';
import { Killer } from './support/killer';
import { atRate, until } from './support/load';
import { Rig } from './support/rig';

/** Drill 1: SIGKILL a worker process again and again while 2,000 leads get 3 nurture emails and a webhook each. */
export const killWorkerDrill: Drill = async ({ options, dist, workDir, log }) => {
  const started = Date.now();
  const leads = Array.from({ length: Math.round(2_000 * options.scale) }, (_, i) => `lead-${i + 1}`);
  const expected = leads.length * 3;
  const rig = await Rig.start({
    dist,
    postgresUrl: options.postgresUrl,
    redisPort: options.redisPort,
    workDir,
    workers: 2,
  });
  try {
    await rig.publish({ nurture: { delays: ['PT10S', 'PT10S'] } });
    await rig.publishWebhooks();
    // Leads arrive for as long as the kills take, so every kill lands on live work.
    const ingestSeconds = Math.max(60, options.kills * 3);
    const batches = chunks(leads, 50);
    let ingesting = true;
    const failedBatches: number[] = [];
    log(`${leads.length} leads over ${ingestSeconds} s, ${options.kills}+ kills`);
    const ingest = atRate(batches.length, batches.length / ingestSeconds, 4, async (i) => {
      const messages = batches[i].flatMap((userId) => leadMessages(userId, 'kw'));
      for (let attempt = 0; attempt < 3; attempt += 1)
        if ((await rig.ingest.batch(messages)).status === 200) return;
      failedBatches.push(i);
    }).finally(() => (ingesting = false));

    await until(async () => rig.mail.accepted.length > 0, 30_000);
    const killer = new Killer(
      rig.stack,
      rig.mail,
      rig.redis.client(),
      rig.probe,
      (kills) => kills < options.kills || ingesting,
      log,
    );
    await ingest;
    await killer.done();
    log(`${killer.kills.length} kills done; waiting for the last emails`);
    const finished = await until(
      async () =>
        rig.mail.seen.size >= expected &&
        rig.webhooks.seen.size >= leads.length &&
        (await rig.probe.count(
          `SELECT (SELECT count(*) FROM effects WHERE status = 'pending')
                + (SELECT count(*) FROM destination_deliveries WHERE status IN ('pending', 'sending')) AS n`,
        )) === 0,
      240_000,
      500,
    );
    await killer.recovered(60_000);
    return await verdict(rig, leads, killer.kills, {
      started,
      finished,
      failedBatches: failedBatches.length,
      kills: options.kills,
    });
  } finally {
    await rig.close();
  }
};

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}
