import type { Tally } from './demo-live';
import { PERSONA_WEIGHTS, type Persona, type ShopCustomer } from './shop-script';
import { formatDuration, textTable, type Cell } from './text-table';
import {
  mapLimit,
  HttpError,
  type ContactRun,
  type TimelineEntry,
  type TouchpointClient,
} from './touchpoint-client';

export interface CustomerState {
  customer: ShopCustomer;
  runs: ContactRun[];
  timeline: TimelineEntry[];
  /** Set when the contact could not be read (the server kept failing). */
  unread?: boolean;
}

const STAGES = ['awareness', 'consideration', 'decision', 'retention', 'advocacy'];
const STAGE_FLOW = '$stage';

/**
 * Profiles and timelines of the demo's customers, a few requests at a time. A contact not found (not ingested)
 * has no runs; one the server fails to answer is counted as unread instead of ending the report.
 */
export function collect(
  client: TouchpointClient,
  shop: ShopCustomer[],
  concurrency = 8,
): Promise<CustomerState[]> {
  return mapLimit(shop, concurrency, async (customer): Promise<CustomerState> => {
    try {
      const [{ runs }, timeline] = await Promise.all([
        client.contact(customer.userId),
        client.timeline(customer.userId),
      ]);
      return { customer, runs, timeline };
    } catch (error) {
      const notFound = error instanceof HttpError && error.status === 404;
      return { customer, runs: [], timeline: [], ...(notFound ? {} : { unread: true }) };
    }
  });
}

/** The summary: events sent, customers per stage and behaviour, runs per flow, emails per step, skip reasons. */
export function report(tallies: Tally[], states: CustomerState[], now = Date.now()): string {
  return [
    section('Events sent', eventsTable(tallies)),
    section('Customers per stage (rows: scripted behaviour)', stageTable(states)),
    section('Runs per flow and status', runsTable(states)),
    section('Emails per step (from the timelines)', emailsTable(states)),
    section('Skipped, held or failed sends, by reason', reasonsTable(states)),
    section('Waiting now (pending wake-ups)', waitingTable(states, now)),
  ].join('\n\n');
}

const section = (title: string, body: string) => `${title}\n${body}`;

function eventsTable(tallies: Tally[]): string {
  const rows: Cell[][] = tallies.map((t) => [t.endpoint, t.messages, t.accepted, t.duplicates, t.rejected]);
  const sum = (key: 'messages' | 'accepted' | 'duplicates' | 'rejected') =>
    tallies.reduce((s, t) => s + t[key], 0);
  rows.push(['total', sum('messages'), sum('accepted'), sum('duplicates'), sum('rejected')]);
  return textTable(['endpoint', 'messages', 'accepted', 'duplicates', 'rejected'], rows);
}

function stageTable(states: CustomerState[]): string {
  const stageOf = (s: CustomerState) =>
    s.unread ? 'unread' : (s.runs.find((r) => r.flow === STAGE_FLOW)?.position ?? 'not routed');
  const stages = [...STAGES, ...new Set(states.map(stageOf).filter((stage) => !STAGES.includes(stage)))];
  const personas = Object.keys(PERSONA_WEIGHTS) as Persona[];
  const row = (label: string, group: CustomerState[]): Cell[] => [
    label,
    group.length,
    ...stages.map((stage) => group.filter((s) => stageOf(s) === stage).length),
  ];
  const rows = personas.map((p) =>
    row(
      p,
      states.filter((s) => s.customer.persona === p),
    ),
  );
  return textTable(['behaviour', 'customers', ...stages], [...rows, row('total', states)]);
}

function runsTable(states: CustomerState[]): string {
  const runs = states.flatMap((s) => s.runs).filter((r) => r.flow !== STAGE_FLOW);
  const statuses = [...new Set(runs.map((r) => r.status))].sort();
  const flows = [...new Set(runs.map((r) => r.flow))];
  const rows = flows.map((flow): Cell[] => {
    const of = runs.filter((r) => r.flow === flow);
    return [flow, of.length, ...statuses.map((status) => of.filter((r) => r.status === status).length)];
  });
  return rows.length === 0 ? '  (no runs yet)' : textTable(['flow', 'runs', ...statuses], rows);
}

/** `reminder-1 sent to x@y`, `reminder-1 skipped: why`, `... held: why`, `... failed: why` (send outcomes in the run log). */
const OUTCOME = /^(\S+) (sent to|skipped:|held:|failed:) ?(.*)$/;

function outcomes(states: CustomerState[]) {
  return states.flatMap((s) =>
    s.timeline.flatMap((e) => {
      const match = e.kind === 'step' ? OUTCOME.exec(e.reason ?? '') : null;
      if (!match) return [];
      const outcome = match[2] === 'sent to' ? 'sent' : match[2].slice(0, -1);
      return [{ step: match[1], flow: e.flow ?? '', outcome, reason: match[3] }];
    }),
  );
}

function emailsTable(states: CustomerState[]): string {
  const all = outcomes(states);
  const kinds = ['sent', 'skipped', 'held', 'failed'];
  const steps = [...new Set(all.map((o) => `${o.flow}\u0000${o.step}`))].sort();
  const rows = steps.map((key): Cell[] => {
    const [flow, step] = key.split('\u0000');
    const of = all.filter((o) => o.flow === flow && o.step === step);
    return [flow, step, ...kinds.map((kind) => of.filter((o) => o.outcome === kind).length)];
  });
  return rows.length === 0 ? '  (no email sent or skipped yet)' : textTable(['flow', 'step', ...kinds], rows);
}

/** Reasons without the per-customer parts (cart ids, times, addresses), so equal reasons count together. */
export const generalReason = (reason: string): string =>
  reason
    .replace(/ at \d{4}-\d\d-\d\dT[\d:.]+Z/g, '')
    .replace(/ for \S+/g, '')
    .replace(/\S+@\S+/g, '<email>')
    .trim();

function reasonsTable(states: CustomerState[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes(states).filter((o) => o.outcome !== 'sent')) {
    const key = [o.step, o.outcome, generalReason(o.reason)].join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].map(([key, count]): Cell[] => [...key.split('\u0000'), count]);
  return rows.length === 0 ? '  (none)' : textTable(['step', 'outcome', 'reason', 'count'], rows);
}

const WAKE = /^wake-up for (\S+) due (\S+) \(pending\)$/;

function waitingTable(states: CustomerState[], now: number): string {
  const waits = new Map<string, { count: number; first: number }>();
  for (const e of states.flatMap((s) => s.timeline)) {
    const match = e.kind === 'scheduled' ? WAKE.exec(e.summary) : null;
    if (!match) continue;
    const key = `${e.flow}\u0000${match[1]}`;
    const due = Date.parse(match[2]);
    const seen = waits.get(key) ?? { count: 0, first: due };
    waits.set(key, { count: seen.count + 1, first: Math.min(seen.first, due) });
  }
  const rows = [...waits].map(([key, { count, first }]): Cell[] => [
    ...key.split('\u0000'),
    count,
    first <= now ? 'due now' : `in ${formatDuration(first - now)}`,
  ]);
  return rows.length === 0
    ? '  (nothing waiting)'
    : textTable(['flow', 'wait step', 'runs', 'first due'], rows);
}
