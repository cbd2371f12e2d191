import type { Drill } from './drill';
import { backlog, catchUp, effectCounts, jobCounts, lostAcked, missingMail } from './support/invariants';
import { sleep, until } from './support/load';
import { check, millis, percentile, seconds } from './support/report';
import { Rig } from './support/rig';
import { shopLoad } from './support/shop-load';

const PREFIX = 'tpdrill';
/** Short journey timings, so wake-ups are pending in Redis when it dies and come due while it is down. */
export const SHORT_JOURNEY = {
  nurture: { delays: ['PT5S', 'PT5S'] },
  cart: { firstReminderAfter: 'PT5S', secondReminderAfter: 'PT5S', lastReminderAfter: 'PT5S' },
};

/** Drill 2: Redis SIGKILLed and restarted from its AOF, then FLUSHALL, while events keep coming. */
export const redisDrill: Drill = async ({ options, dist, workDir, log }) => {
  const started = Date.now();
  const rig = await Rig.start({
    dist,
    postgresUrl: options.postgresUrl,
    redisPort: options.redisPort,
    workDir,
    workers: 2,
  });
  try {
    await rig.publish(SHORT_JOURNEY);
    const load = shopLoad(rig.ingest, { tag: 'rd', perSecond: 25 * options.scale, seconds: 45 });
    await sleep(12_000);

    const beforeKill = await jobCounts(rig.redis.client(), PREFIX);
    log(`SIGKILL redis (jobs: ${JSON.stringify(beforeKill)})`);
    await rig.redis.kill();
    const killedAt = Date.now();
    await sleep(5_000);
    await rig.redis.start();
    const restartedAt = new Date();
    const afterRestart = await jobCounts(rig.redis.client(), PREFIX);
    log(`redis back (jobs: ${JSON.stringify(afterRestart)})`);
    const whileDown = rig.ingest.between(killedAt, restartedAt.getTime());
    const restartDrain = catchUp(rig.probe, restartedAt, 120_000);

    await sleep(12_000);
    log('FLUSHALL');
    await rig.redis.flushAll();
    const flushedAt = new Date();
    const flushDrain = catchUp(rig.probe, flushedAt, 120_000);

    await load.done;
    log(`load done: ${load.owed.length} contacts owed 3 emails each`);
    const expected = load.owed.length * 3;
    const finished = await until(
      async () =>
        rig.mail.seen.size >= expected &&
        (await rig.probe.count(`SELECT count(*) AS n FROM effects WHERE status = 'pending'`)) === 0,
      120_000,
      500,
    );
    const [restartMs, flushMs] = await Promise.all([restartDrain, flushDrain]);
    // A late repeat would show up here; nothing is pending, so nothing more should arrive.
    await sleep(2_000);
    const lost = await lostAcked(rig.probe, rig.ingest.acked.keys());
    const left = await backlog(rig.probe);
    const effects = await effectCounts(rig.probe);
    const notDone = [...effects].filter(([key]) => !key.endsWith(' done')).reduce((sum, [, n]) => sum + n, 0);
    const missing = missingMail(rig.mail, load.owed, 3);
    const repeats = rig.mail.repeats();
    const okWhileDown = whileDown.filter((a) => a.status >= 200 && a.status < 300);
    return {
      drill: 'redis',
      seconds: (Date.now() - started) / 1000,
      figures: [
        ['events acknowledged (2xx)', rig.ingest.acked.size],
        ['jobs before SIGKILL: waiting / active / delayed', fmt(beforeKill)],
        ['jobs after restart from AOF', fmt(afterRestart)],
        [
          'ingest while Redis was down: 2xx / other, p50 latency',
          `${okWhileDown.length} / ${whileDown.length - okWhileDown.length}, ${millis(
            percentile(
              whileDown.map((a) => a.ms),
              50,
            ),
          )}`,
        ],
        ['backlog drained after restart (all due by then done)', seconds(restartMs)],
        ['backlog drained after FLUSHALL', seconds(flushMs)],
        ['emails accepted / distinct', `${rig.mail.accepted.length} / ${rig.mail.seen.size}`],
      ],
      checks: [
        check('0 acknowledged events lost', lost.length, lost.length === 0),
        check(
          'every event routed, nothing due left',
          `${left.unrouted} unrouted, ${left.due} due`,
          left.unrouted === 0 && left.due === 0,
        ),
        check(
          'every due action executed: all effects done',
          `${notDone} not done`,
          notDone === 0 && finished,
        ),
        check('every contact got its 3 emails', `${missing.length} short`, missing.length === 0),
        check('each email once (no repeated Message-ID)', repeats.length, repeats.length === 0),
        check('contacts the load gave up on', load.gaveUp, load.gaveUp === 0),
      ],
    };
  } finally {
    await rig.close();
  }
};

const fmt = (jobs: { waiting: number; active: number; delayed: number }) =>
  `${jobs.waiting} / ${jobs.active} / ${jobs.delayed}`;
