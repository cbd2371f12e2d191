import type { Drill } from './drill';
import { catchUp, jobCounts } from './support/invariants';
import { sleep } from './support/load';
import { millis, percentile, seconds } from './support/report';
import { Rig } from './support/rig';
import { settle, settledChecks, settledFigures } from './support/settle';
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
    await rig.publishWebhooks();
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
    const finished = await settle(rig, load, 180_000);
    const [restartMs, flushMs] = await Promise.all([restartDrain, flushDrain]);
    const okWhileDown = whileDown.filter((a) => a.status >= 200 && a.status < 300);
    const downP50 = percentile(
      whileDown.map((a) => a.ms),
      50,
    );
    return {
      drill: 'redis',
      seconds: (Date.now() - started) / 1000,
      figures: [
        ['jobs before SIGKILL: waiting / active / delayed', fmt(beforeKill)],
        ['jobs after restart from AOF', fmt(afterRestart)],
        [
          'ingest while Redis was down: 2xx / other, p50 latency',
          `${okWhileDown.length} / ${whileDown.length - okWhileDown.length}, ${millis(downP50)}`,
        ],
        ['backlog drained after restart (all due by then done)', seconds(restartMs)],
        ['backlog drained after FLUSHALL', seconds(flushMs)],
        ...settledFigures(rig),
      ],
      checks: await settledChecks(rig, load, finished),
    };
  } finally {
    await rig.close();
  }
};

const fmt = (jobs: { waiting: number; active: number; delayed: number }) =>
  `${jobs.waiting} / ${jobs.active} / ${jobs.delayed}`;
