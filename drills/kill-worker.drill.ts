import type { Drill } from './drill';
import { leadMessages } from './drill';
import { effectCounts, lostAcked, missingMail } from './support/invariants';
import { Killer, type Kill } from './support/killer';
import { atRate, until } from './support/load';
import type { Accepted, MailSink } from './support/receivers';
import { check, millis, percentile, seconds, type DrillResult } from './support/report';
import { Rig } from './support/rig';

/** A repeat counts as the known window when its first 250 went out this shortly before its worker was killed. */
const WINDOW_BOUND_MS = 2_000;
const RECOVERY_PROMISE_MS = 60_000;

/** Drill 1: SIGKILL a worker process again and again while 3,500 leads get their 3 nurture emails. */
export const killWorkerDrill: Drill = async ({ options, dist, workDir, log }) => {
  const started = Date.now();
  const leads = Array.from({ length: Math.round(3_500 * options.scale) }, (_, i) => `lead-${i + 1}`);
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
    // Leads arrive for as long as the kills take, so every kill lands on live work.
    const ingestSeconds = Math.max(60, options.kills * 3.5);
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
        (await rig.probe.count(`SELECT count(*) AS n FROM effects WHERE status = 'pending'`)) === 0,
      180_000,
      500,
    );
    await killer.recovered(RECOVERY_PROMISE_MS);
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

async function verdict(
  rig: Rig,
  leads: string[],
  kills: Kill[],
  run: { started: number; finished: boolean; failedBatches: number; kills: number },
): Promise<DrillResult> {
  const expected = leads.length * 3;
  const effects = await effectCounts(rig.probe);
  const [deliveries] = await rig.probe.rows<{ sent: number; other: number; retried: number }>(
    `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status <> 'sent')::int AS other,
            count(*) FILTER (WHERE attempts > 1)::int AS retried FROM deliveries`,
  );
  const routed = await rig.probe.count(
    `SELECT count(*) AS n FROM events WHERE type = 'track' AND routed_at IS NOT NULL`,
  );
  const unrouted = await rig.probe.count(`SELECT count(*) AS n FROM events WHERE routed_at IS NULL`);
  const actions = routed + (effects.get('email done') ?? 0) + (effects.get('wake done') ?? 0);
  const repeats = classifyRepeats(rig.mail, kills);
  const windowMs = await sendWindow(rig);
  const recovery = kills.map((kill) => (kill.recoveredAt ?? Number.POSITIVE_INFINITY) - kill.at);
  const byMode = (mode: Kill['mode']) => kills.filter((kill) => kill.mode === mode).length;
  const missing = missingMail(
    rig.mail,
    leads.map((userId) => `${userId}@drill.test`),
    3,
  );
  const lost = await lostAcked(rig.probe, rig.ingest.acked.keys());
  const seconds_ = (Date.now() - run.started) / 1000;
  return {
    drill: 'kill-worker',
    seconds: seconds_,
    figures: [
      ['leads x emails', `${leads.length} x 3 = ${expected}`],
      ['actions (routings + emails + wake-ups)', actions],
      [
        'kills: random / before-call / mid-call / after-250',
        `${byMode('random')} / ${byMode('before-call')} / ${byMode('mid-call')} / ${byMode('after-250')}`,
      ],
      ['messages cut off before their 250 (resent)', rig.mail.dropped],
      ['deliveries that took more than one attempt', deliveries?.retried ?? 0],
      [
        '250 -> send recorded, p50 / p99 / max',
        `${millis(windowMs.p50)} / ${millis(windowMs.p99)} / ${millis(windowMs.max)}`,
      ],
      [
        'repeats from after-250 kills / other kills in the window',
        `${repeats.afterKills} / ${repeats.inWindow}`,
      ],
      [
        'in-flight jobs done or taken over after a kill, p50 / max',
        `${seconds(percentile(recovery, 50))} / ${seconds(Math.max(...recovery))}`,
      ],
      [
        'emails accepted (with repeats) / distinct Message-IDs',
        `${rig.mail.accepted.length} / ${rig.mail.seen.size}`,
      ],
    ],
    checks: [
      check(
        `at least ${run.kills} kills, each SMTP point hit`,
        kills.length,
        kills.length >= run.kills &&
          ['before-call', 'mid-call', 'after-250'].every((mode) => byMode(mode as Kill['mode']) > 0),
      ),
      check('at least 10,000 actions', actions, actions >= 10_000 || leads.length < 3_500),
      check(
        '0 lost effects: every lead got its 3 emails',
        `${missing.length} leads short`,
        missing.length === 0 && run.finished,
      ),
      check(
        'every email effect done, delivery recorded sent',
        `${effects.get('email done') ?? 0} done, ${deliveries?.sent ?? 0} sent, ${deliveries?.other ?? 0} other`,
        effects.get('email done') === expected && deliveries?.sent === expected && deliveries?.other === 0,
      ),
      check(
        '0 duplicate effects (repeats outside the 250->commit window)',
        repeats.unexplained.length,
        repeats.unexplained.length === 0,
      ),
      check(
        'receiver dedupe by Message-ID leaves one per effect',
        `${rig.mail.seen.size} distinct of ${expected}`,
        rig.mail.seen.size === expected,
      ),
      check(
        `in-flight work recovered within ${RECOVERY_PROMISE_MS / 1000} s of each kill`,
        seconds(Math.max(...recovery)),
        recovery.every((ms) => ms <= RECOVERY_PROMISE_MS),
      ),
      check(
        '0 acknowledged events lost, all routed',
        `${lost.length} lost, ${unrouted} unrouted, ${run.failedBatches} batches refused`,
        lost.length === 0 && unrouted === 0 && run.failedBatches === 0,
      ),
    ],
  };
}

/** Sorts Message-IDs the sink accepted twice: the kill-after-250 window (expected, and deduplicable) or not. */
function classifyRepeats(mail: MailSink, kills: Kill[]) {
  const first = new Map<string, Accepted>();
  for (const message of mail.accepted)
    if (!first.has(message.messageId)) first.set(message.messageId, message);
  const afterKill = new Set(kills.map((kill) => kill.messageId).filter(Boolean));
  let afterKills = 0;
  let inWindow = 0;
  const unexplained: string[] = [];
  for (const id of mail.repeats()) {
    const accepted = first.get(id)!;
    if (afterKill.has(id)) afterKills += 1;
    else if (
      kills.some(
        (kill) =>
          kill.slot === accepted.slot && kill.at >= accepted.at && kill.at - accepted.at <= WINDOW_BOUND_MS,
      )
    )
      inWindow += 1;
    else unexplained.push(id);
  }
  return { afterKills, inWindow, unexplained };
}

/** How long after the sink's 250 each send was recorded (sent_at), for messages accepted once. */
async function sendWindow(rig: Rig): Promise<{ p50: number; p99: number; max: number }> {
  const sentAt = new Map(
    (
      await rig.probe.rows<{ message_id: string; sent_at: Date }>(
        `SELECT message_id, sent_at FROM deliveries WHERE status = 'sent'`,
      )
    ).map((row) => [row.message_id, row.sent_at.getTime()]),
  );
  const gaps = rig.mail.accepted
    .filter((message) => rig.mail.seen.get(message.messageId) === 1 && sentAt.has(message.messageId))
    .map((message) => sentAt.get(message.messageId)! - message.at);
  return { p50: percentile(gaps, 50), p99: percentile(gaps, 99), max: Math.max(...gaps) };
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}
