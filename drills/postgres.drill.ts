import { join } from 'node:path';
import type { Drill } from './drill';
import { SHORT_JOURNEY } from './redis.drill';
import { sleep, until } from './support/load';
import { OwnPostgres } from './support/own-postgres';
import { check, millis, percentile, seconds } from './support/report';
import { Rig } from './support/rig';
import { settle, settledChecks, settledFigures } from './support/settle';
import { shopLoad } from './support/shop-load';

const DOWN_MS = 5_000;
const HEALTHY_PROMISE_MS = 30_000;

/** Drill 3: the database crashes (`pg_ctl stop -m immediate`) under load and comes back after a few seconds. */
export const postgresDrill: Drill = async ({ options, dist, workDir, log }) => {
  const started = Date.now();
  const postgres = new OwnPostgres(options.ownPostgresPort, join(workDir, 'pg'));
  await postgres.init();
  await postgres.start();
  let rig: Rig | null = null;
  try {
    rig = await Rig.start({
      dist,
      postgresUrl: postgres.url(),
      redisPort: options.redisPort,
      workDir,
      workers: 2,
    });
    await rig.publish(SHORT_JOURNEY);
    await rig.publishWebhooks();
    const load = shopLoad(rig.ingest, { tag: 'pg', perSecond: 25 * options.scale, seconds: 40 });
    await sleep(12_000);

    log('pg_ctl stop -m immediate');
    await postgres.crash();
    const downAt = Date.now();
    const health = watchHealth(rig);
    await sleep(DOWN_MS);
    await postgres.start();
    const upAt = Date.now();
    log(`PostgreSQL back after ${upAt - downAt} ms`);
    const whileDown = rig.ingest.between(downAt, upAt);
    const acceptedWhileDown = whileDown.filter((answer) => answer.status >= 200 && answer.status < 300);
    await until(async () => health.firstOkAfter(upAt) !== null, HEALTHY_PROMISE_MS + 30_000, 100);
    health.stop();
    const healthyMs = (health.firstOkAfter(upAt) ?? Number.POSITIVE_INFINITY) - upAt;

    await load.done;
    log(`load done: ${load.owed.length} contacts owed 3 emails each`);
    const finished = await settle(rig, load, 240_000);
    const statuses = countBy(whileDown.map((answer) => String(answer.status)));
    const rodeOut = await acceptedBeforeRecordedAfter(rig, downAt, upAt);
    return {
      drill: 'postgres',
      seconds: (Date.now() - started) / 1000,
      figures: [
        ['PostgreSQL down (crash to accepting again)', seconds(upAt - downAt)],
        ['API answers while down, by status', statuses || 'none'],
        [
          'answer time while down, p50 / max',
          `${millis(
            percentile(
              whileDown.map((a) => a.ms),
              50,
            ),
          )} / ${millis(Math.max(0, ...whileDown.map((a) => a.ms)))}`,
        ],
        ['/health 200 again after PostgreSQL was back', seconds(healthyMs)],
        ...settledFigures(rig),
        ['emails / webhooks answered before the crash, recorded sent after it', rodeOut],
      ],
      checks: [
        check('no 2xx while PostgreSQL is down', acceptedWhileDown.length, acceptedWhileDown.length === 0),
        check('the API answers errors while down (does not hang)', whileDown.length, whileDown.length > 0),
        check(
          `/health 200 within ${HEALTHY_PROMISE_MS / 1000} s`,
          seconds(healthyMs),
          healthyMs <= HEALTHY_PROMISE_MS,
        ),
        ...(await settledChecks(rig, load, finished)),
      ],
      clues: `${rig.stack.logs()}\n--- postgres\n${postgres.log()}`,
    };
  } finally {
    await rig?.close();
    await postgres.stop();
  }
};

/** Sends whose 2xx/250 came before the crash and whose record came after the restart: each a resend avoided. */
async function acceptedBeforeRecordedAfter(rig: Rig, downAt: number, upAt: number): Promise<string> {
  const after = [new Date(upAt)];
  const mails = new Set(
    (
      await rig.probe.rows<{ id: string }>(
        `SELECT message_id AS id FROM deliveries WHERE sent_at >= $1`,
        after,
      )
    ).map((row) => row.id),
  );
  const hooks = new Set(
    (
      await rig.probe.rows<{ id: string }>(`SELECT id FROM destination_deliveries WHERE sent_at >= $1`, after)
    ).map((row) => row.id),
  );
  const emails = rig.mail.accepted.filter((mail) => mail.at < downAt && mails.has(mail.messageId)).length;
  const webhooks = [...rig.webhooks.firstAt].filter(([id, at]) => at < downAt && hooks.has(id)).length;
  return `${emails} / ${webhooks}`;
}

/** Polls /health every 100 ms, keeping when each 200 came. */
function watchHealth(rig: Rig): { firstOkAfter(at: number): number | null; stop(): void } {
  const oks: number[] = [];
  let stopped = false;
  void (async () => {
    while (!stopped) {
      const answer = await rig.stack.request('GET', '/health', undefined, 5_000);
      if (answer.status === 200) oks.push(Date.now());
      await sleep(100);
    }
  })();
  return {
    firstOkAfter: (at) => oks.find((ok) => ok > at) ?? null,
    stop: () => (stopped = true),
  };
}

function countBy(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, n]) => `${value} x ${n}`).join(', ');
}
