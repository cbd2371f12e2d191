import type { Client } from 'pg';
import { EnqueueWatcher } from './enqueue-watcher';
import { runLoad, type LoadResult } from './load';
import type { BenchOptions } from './options';
import { pollUntil, summarize, type Summary } from './stats';
import type { Workload } from './workload';

export interface Target {
  url: string;
  key: string;
  redisUrl: string;
  queuePrefix: string;
}

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

/** Every customer's identify, 100 per /v1/batch call: the profiles (with email) the journeys send to. */
export async function batchPhase(
  target: Target,
  workload: Workload,
  options: BenchOptions,
): Promise<LoadResult & { eventsPerSecond: number }> {
  const calls = Math.ceil(workload.customers / options.batchSize);
  const result = await runLoad({
    url: target.url,
    path: '/v1/batch',
    headers: auth(target.key),
    concurrency: options.batchConcurrency,
    durationMs: 10 * 60_000,
    maxRequests: calls,
    body: (call) => {
      const batch = [];
      for (
        let i = call * options.batchSize;
        i < Math.min(workload.customers, (call + 1) * options.batchSize);
        i += 1
      )
        batch.push(workload.identify(i));
      return JSON.stringify({ batch });
    },
  });
  const events = Math.min(workload.customers, result.ok * options.batchSize);
  return { ...result, eventsPerSecond: events / result.seconds };
}

export interface TrackAtRate {
  load: LoadResult;
  /** 2xx answer (client clock) to the last of its effects' jobs added (Redis clock), per event with effects. */
  acceptedToEnqueuedMs: Summary;
  /** 2xx answer to the routing transaction's clock reading (routed_at, the effect rows' created_at). */
  acceptedToRoutedMs: Summary;
  eventsWithEffects: number;
  /** Not routed when the drain window closed (counted as infinitely late above). */
  eventsNotRoutedInWindow: number;
  effectsWithoutEnqueueSeen: number;
}

/** /v1/track at a fixed rate; afterwards, each event's effects are found by an indexed query and timed. */
export async function trackAtRate(
  target: Target,
  workload: Workload,
  options: BenchOptions,
  db: Client,
): Promise<TrackAtRate> {
  const watcher = new EnqueueWatcher(
    target.redisUrl,
    ['wakeups', 'sends'].map((queue) => `${target.queuePrefix}:${queue}:events`),
  );
  await watcher.start();
  const acked = new Map<string, number>();
  let load: LoadResult;
  try {
    load = await runLoad({
      url: target.url,
      path: '/v1/track',
      headers: auth(target.key),
      concurrency: options.concurrency,
      rate: options.trackRate,
      durationMs: options.trackSeconds * 1000,
      body: () => JSON.stringify(workload.track().message),
      onResponse: (_i, status, body, ackMs) => {
        if (status !== 200) return;
        const eventId = (JSON.parse(body) as { results: { eventId: string }[] }).results[0]?.eventId;
        if (eventId) acked.set(eventId, ackMs);
      },
    });
    // Routing of the last events may still be under way; wait for it before reading the streams' last entries.
    await waitForRouting(db, options.drainTimeoutSeconds * 1000);
  } finally {
    await watcher.stop();
  }
  // Routing reads the clock once per transaction: its effects carry that time and the event's routed_at does too.
  const found = await db.query<{ event_id: string; routed_at: Date | null; effect_id: string | null }>(
    `SELECT ev.id AS event_id, ev.routed_at, e.id AS effect_id
       FROM events ev LEFT JOIN effects e ON e.contact_id = ev.contact_id AND e.created_at = ev.routed_at
      WHERE ev.id = ANY($1::uuid[])`,
    [[...acked.keys()]],
  );
  const routed = new Map<string, number>();
  const enqueued = new Map<string, number>();
  let notRouted = 0;
  let missing = 0;
  for (const row of found.rows) {
    const ack = acked.get(row.event_id)!;
    if (!row.routed_at) {
      if (!routed.has(row.event_id)) notRouted += 1;
      routed.set(row.event_id, Infinity);
      continue;
    }
    routed.set(row.event_id, row.routed_at.getTime() - ack);
    if (!row.effect_id) continue;
    const added = watcher.added.get(row.effect_id);
    if (added === undefined) missing += 1;
    // An effect whose add was not seen counts as never enqueued.
    const late = added === undefined ? Infinity : added - ack;
    enqueued.set(row.event_id, Math.max(enqueued.get(row.event_id) ?? -Infinity, late));
  }
  // Events still unrouted when the window closed have effects to come: they count as infinitely late.
  const pendingLatency = Array.from({ length: notRouted }, () => Infinity);
  return {
    load: load!,
    acceptedToEnqueuedMs: summarize([...enqueued.values(), ...pendingLatency]),
    acceptedToRoutedMs: summarize([...routed.values()]),
    eventsWithEffects: enqueued.size,
    eventsNotRoutedInWindow: notRouted,
    effectsWithoutEnqueueSeen: missing,
  };
}

/** /v1/track closed loop at the configured concurrency: the most events per second the API commits. */
export function trackSaturated(
  target: Target,
  workload: Workload,
  options: BenchOptions,
): Promise<LoadResult> {
  return runLoad({
    url: target.url,
    path: '/v1/track',
    headers: auth(target.key),
    concurrency: options.concurrency,
    durationMs: options.saturateSeconds * 1000,
    body: () => JSON.stringify(workload.track().message),
  });
}

/** Waits until every stored event is routed; returns the seconds it took, or null on timeout. */
export async function waitForRouting(db: Client, timeoutMs: number): Promise<number | null> {
  const started = Date.now();
  const done = await pollUntil(
    async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM events WHERE routed_at IS NULL`);
      return rows[0].n === 0 ? true : undefined;
    },
    timeoutMs,
    250,
  );
  return done ? (Date.now() - started) / 1000 : null;
}
