import type { Baselines } from './baselines';
import type { EmailBurst } from './email-phase';
import type { ProcessMemory } from './infra';
import type { TrackAtRate } from './ingest-phases';
import type { LoadResult } from './load';
import type { BenchOptions } from './options';
import { figure, type Figure } from './report';
import type { BurstResult, PendingWakeups } from './wakeup-phases';

export interface Phases {
  batch: LoadResult & { eventsPerSecond: number };
  track: TrackAtRate;
  saturated: LoadResult;
  routing: { events: number; seconds: number; drainSecondsAfterLoad: number | null };
  storage: { runs: number; bytes: number; bytesPerRun: number };
  pending: PendingWakeups;
  burst: BurstResult;
  emails: EmailBurst;
  worker: { atStart: ProcessMemory; atEnd: ProcessMemory; queuesIdleAtEnd: boolean };
  sinks: { emailDuplicates: number; webhookDuplicates: number };
}

/** Heap growth of the worker at rest that still counts as flat (100k customers at even 300 bytes each would show). */
const FLAT_HEAP_MIB = 25;

/** The issue's table: each figure with its must target and a baseline measured in the same run. */
export function buildFigures(options: BenchOptions, p: Phases, b: Baselines | null): Figure[] {
  const offered = options.trackRate * options.trackSeconds;
  const track = p.track.load;
  const heapGrowth =
    p.worker.atEnd.heapUsedMiB !== null && p.worker.atStart.heapUsedMiB !== null
      ? p.worker.atEnd.heapUsedMiB - p.worker.atStart.heapUsedMiB
      : null;
  return [
    figure(
      `track: events/s committed at ${options.trackRate}/s offered`,
      track.perSecond,
      '/s',
      `>= ${options.trackRate}/s, all 2xx`,
      track.ok >= 0.99 * offered && track.failed === 0 && track.seconds <= options.trackSeconds * 1.02 + 0.5,
      'bare Fastify req/s',
      b?.bareTrackSaturated.perSecond,
    ),
    figure(
      `track: API p99 at ${options.trackRate}/s`,
      track.latencyMs.p99,
      'ms',
      '<= 50 ms',
      track.latencyMs.p99 <= 50,
      'bare Fastify p99 ms',
      b?.bareTrackAtRate.latencyMs.p99,
    ),
    figure(
      `track: most events/s (${options.concurrency} connections)`,
      p.saturated.perSecond,
      '/s',
      'stretch 2500/s',
      null,
      'bare Fastify req/s',
      b?.bareTrackSaturated.perSecond,
    ),
    figure(
      `batch (${options.batchSize}/call): events/s`,
      p.batch.eventsPerSecond,
      '/s',
      '>= 2500/s',
      p.batch.eventsPerSecond >= 2500 && p.batch.failed === 0,
      'pgbench tps',
      b?.pgbench.tps,
    ),
    figure(
      'routing: events/s the worker routed (closed-loop phase)',
      p.routing.events / p.routing.seconds,
      '/s',
      'reported',
      null,
      'pgbench tps',
      b?.pgbench.tps,
    ),
    figure(
      `accepted -> effects enqueued p99 (${p.track.eventsNotRoutedInWindow} not routed in time)`,
      p.track.acceptedToEnqueuedMs.p99,
      'ms',
      '<= 250 ms',
      p.track.acceptedToEnqueuedMs.p99 <= 250,
      'pgbench latency ms',
      b?.pgbench.latencyMs,
    ),
    figure(
      `wake-up lateness p99 (${p.pending.count} pending${p.burst.notStartedInTime ? `, ${p.burst.notStartedInTime} not started: lower bound` : ''})`,
      p.burst.latenessMs.p99,
      'ms',
      '<= 1000 ms',
      p.burst.latenessMs.p99 <= 1000,
      'pgbench latency ms',
      b?.pgbench.latencyMs,
    ),
    figure(
      'wake-up lateness max',
      p.burst.latenessMs.max,
      'ms',
      '<= 5000 ms',
      p.burst.latenessMs.max <= 5000,
      'pgbench latency ms',
      b?.pgbench.latencyMs,
    ),
    figure(
      'Redis bytes per pending wake-up',
      p.pending.redisBytesPerWakeup,
      'B',
      '<= 1331 B (1.3 KB)',
      p.pending.redisBytesPerWakeup <= 1331,
      'bytes per plain SET',
      b?.redisBytesPerPlainKey,
    ),
    figure(
      'PostgreSQL bytes per run',
      p.storage.bytesPerRun,
      'B',
      'reported',
      null,
      'pgbench bytes/account row',
      b?.pgbench.bytesPerAccountRow,
    ),
    figure(
      `worker heap after GC, end - start${p.worker.queuesIdleAtEnd ? ' (at rest)' : ' (jobs still queued)'}`,
      heapGrowth,
      'MiB',
      `flat (< ${FLAT_HEAP_MIB} MiB)`,
      heapGrowth !== null && heapGrowth < FLAT_HEAP_MIB,
      'bare Fastify heap MiB',
      b?.bareServerMemory.heapUsedMiB,
    ),
    figure(
      'worker RSS at the end',
      p.worker.atEnd.rssMiB,
      'MiB',
      'reported',
      null,
      'bare Fastify RSS MiB',
      b?.bareServerMemory.rssMiB,
    ),
    figure(
      `emails/s to the SMTP sink (${p.emails.enqueued} due at once${p.emails.backloggedThroughout ? ', still queued' : ''})`,
      p.emails.perSecond,
      '/s',
      '>= 500/s',
      p.emails.perSecond >= 500 && p.emails.atSink > 0,
      'nodemailer direct /s',
      b?.smtpDirectPerSecond,
    ),
    figure(
      'duplicate emails / webhooks at the sinks',
      p.sinks.emailDuplicates + p.sinks.webhookDuplicates,
      '',
      '0',
      p.sinks.emailDuplicates + p.sinks.webhookDuplicates === 0,
      '-',
      null,
    ),
  ];
}
