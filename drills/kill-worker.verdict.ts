import { effectCounts, lostAcked, missingMail } from './support/invariants';
import type { Kill } from './support/killer';
import type { Accepted, MailSink, WebhookSink } from './support/receivers';
import { check, millis, percentile, seconds, type DrillResult } from './support/report';
import type { Rig } from './support/rig';

/** A webhook repeat counts as the known window when a worker was killed this soon after the first copy, at least. */
const WINDOW_BOUND_MS = 2_000;
const RECOVERY_PROMISE_MS = 60_000;

/** The kill-worker drill's figures and promises, from the sinks, the kills and PostgreSQL. */
export async function verdict(
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
  const [hooks] = await rig.probe.rows<{ sent: number; other: number }>(
    `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status <> 'sent')::int AS other
       FROM destination_deliveries`,
  );
  const routed = await rig.probe.count(
    `SELECT count(*) AS n FROM events WHERE type = 'track' AND routed_at IS NOT NULL`,
  );
  const unrouted = await rig.probe.count(`SELECT count(*) AS n FROM events WHERE routed_at IS NULL`);
  const actions =
    routed +
    (effects.get('email done') ?? 0) +
    (effects.get('wake done') ?? 0) +
    (effects.get('webhook done') ?? 0);
  const repeats = classifyRepeats(rig.mail, kills);
  const windows = await sendWindows(rig);
  const hookRepeats = classifyHookRepeats(rig.webhooks, kills, Math.max(WINDOW_BOUND_MS, ...windows.hooks));
  const spread = (values: number[]) =>
    `${millis(percentile(values, 50))} / ${millis(percentile(values, 99))} / ${millis(Math.max(...values))}`;
  const recovery = kills.map((kill) => (kill.recoveredAt ?? Number.POSITIVE_INFINITY) - kill.at);
  const hooksInFlight = kills.filter((kill) => kill.inFlight.some((job) => job.queue === 'destinations'));
  const hookRecovery = hooksInFlight.map(
    (kill) => (kill.hooksRecoveredAt ?? Number.POSITIVE_INFINITY) - kill.at,
  );
  const byMode = (mode: Kill['mode']) => kills.filter((kill) => kill.mode === mode).length;
  const missing = missingMail(
    rig.mail,
    leads.map((userId) => `${userId}@drill.test`),
    3,
  );
  const lost = await lostAcked(rig.probe, rig.ingest.acked.keys());
  const range = (values: number[]) =>
    values.length === 0 ? 'none' : `${seconds(percentile(values, 50))} / ${seconds(Math.max(...values))}`;
  const firstMail = (id: string) => rig.mail.accepted.find((mail) => mail.messageId === id)?.at ?? 0;
  const explainRepeat = (kind: string, id: string, at: number) => {
    const gaps = kills.map((kill) => kill.at - at).filter((gap) => Math.abs(gap) < 60_000);
    return `${kind} ${id}: first at ${new Date(at).toISOString()}, kills at ${gaps.map((gap) => `${gap} ms`).join(', ') || 'none near'}`;
  };
  const clues = [
    ...repeats.unexplained.map((id) => explainRepeat('email', id, firstMail(id))),
    ...hookRepeats.unexplained.map((id) => explainRepeat('webhook', id, rig.webhooks.firstAt.get(id) ?? 0)),
  ];
  return {
    drill: 'kill-worker',
    clues:
      clues.length > 0 ? `repeats outside the window:\n${clues.join('\n')}\n${rig.stack.logs()}` : undefined,
    seconds: (Date.now() - run.started) / 1000,
    figures: [
      ['leads x (emails + webhook)', `${leads.length} x (3 + 1) = ${expected + leads.length}`],
      ['actions (routings + emails + wake-ups + webhooks)', actions],
      [
        'kills: random / before-call / mid-call / after-250',
        `${byMode('random')} / ${byMode('before-call')} / ${byMode('mid-call')} / ${byMode('after-250')}`,
      ],
      ['messages cut off before their 250 (resent)', rig.mail.dropped],
      ['deliveries that took more than one attempt', deliveries?.retried ?? 0],
      ['email 250 -> worker has it (sent_at), p50 / p99 / max', spread(windows.mail)],
      ['webhook 2xx -> worker has it (sent_at), p50 / p99 / max', spread(windows.hooks)],
      [
        'email repeats: after-250 kills / other kills in the window',
        `${repeats.afterKills} / ${repeats.inWindow}`,
      ],
      ['webhook repeats (a kill soon after the first 2xx)', hookRepeats.inWindow],
      ['in-flight jobs done or taken over after a kill, p50 / max', range(recovery)],
      [
        `webhook jobs in flight at a kill (${hooksInFlight.length} kills) done or taken over, p50 / max`,
        range(hookRecovery),
      ],
      ['emails accepted / distinct Message-IDs', `${rig.mail.accepted.length} / ${rig.mail.seen.size}`],
      ['webhooks received / distinct webhook-ids', `${rig.webhooks.received} / ${rig.webhooks.seen.size}`],
    ],
    checks: [
      check(
        `at least ${run.kills} kills, each SMTP point hit`,
        kills.length,
        kills.length >= run.kills &&
          (['before-call', 'mid-call', 'after-250'] as const).every((m) => byMode(m) > 0),
      ),
      check(
        'at least 10,000 actions (at the default scale)',
        actions,
        actions >= 10_000 || leads.length < 2_000,
      ),
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
        "0 lost webhooks: each lead's delivered, recorded sent",
        `${rig.webhooks.seen.size} of ${leads.length}, ${hooks?.other ?? 0} not sent`,
        rig.webhooks.seen.size === leads.length && hooks?.sent === leads.length,
      ),
      check(
        '0 duplicate effects (repeats outside the 2xx/250 -> commit window)',
        repeats.unexplained.length + hookRepeats.unexplained.length,
        repeats.unexplained.length + hookRepeats.unexplained.length === 0,
      ),
      check(
        'receiver dedupe by Message-ID / webhook-id leaves one per effect',
        `${rig.mail.seen.size} of ${expected}, ${rig.webhooks.seen.size} of ${leads.length}`,
        rig.mail.seen.size === expected && rig.webhooks.seen.size === leads.length,
      ),
      check(
        `in-flight work recovered within ${RECOVERY_PROMISE_MS / 1000} s of each kill`,
        seconds(Math.max(...recovery)),
        recovery.every((ms) => ms <= RECOVERY_PROMISE_MS),
      ),
      check(
        `webhooks in flight at a kill recovered within ${RECOVERY_PROMISE_MS / 1000} s`,
        hookRecovery.length === 0 ? 'none in flight' : seconds(Math.max(...hookRecovery)),
        hookRecovery.every((ms) => ms <= RECOVERY_PROMISE_MS),
      ),
      check(
        '0 acknowledged events lost, all routed',
        `${lost.length} lost, ${unrouted} unrouted, ${run.failedBatches} batches refused`,
        lost.length === 0 && unrouted === 0 && run.failedBatches === 0,
      ),
    ],
  };
}

/**
 * Sorts Message-IDs the sink accepted twice. In the window: the worker that sent the first copy (the sink knows its
 * slot) was killed between the two copies, so it died between the 250 and its record. Otherwise two live workers
 * sent the same effect: a real duplicate.
 */
function classifyRepeats(mail: MailSink, kills: Kill[]) {
  const copies = new Map<string, Accepted[]>();
  for (const message of mail.accepted)
    copies.set(message.messageId, [...(copies.get(message.messageId) ?? []), message]);
  const afterKill = new Set(kills.map((kill) => kill.messageId).filter(Boolean));
  let afterKills = 0;
  let inWindow = 0;
  const unexplained: string[] = [];
  for (const id of mail.repeats()) {
    const [first, second] = copies.get(id)!;
    if (afterKill.has(id)) afterKills += 1;
    else if (kills.some((kill) => kill.slot === first.slot && kill.at >= first.at && kill.at <= second.at))
      inWindow += 1;
    else unexplained.push(id);
  }
  return { afterKills, inWindow, unexplained };
}

/**
 * The same for webhook-ids; the receiver cannot tell which worker called, so a repeat counts as the window when a
 * worker was killed soon after the first copy (within the slowest 2xx -> record seen, at least 2 s).
 */
function classifyHookRepeats(webhooks: WebhookSink, kills: Kill[], boundMs: number) {
  const repeats = webhooks.repeats();
  const unexplained = repeats.filter((id) => {
    const first = webhooks.firstAt.get(id)!;
    return !kills.some((kill) => kill.at >= first && kill.at - first <= boundMs);
  });
  return { inWindow: repeats.length - unexplained.length, unexplained };
}

/** How long after the receiver's 250 / 2xx each send was recorded (sent_at), for those received once. */
async function sendWindows(rig: Rig): Promise<{ mail: number[]; hooks: number[] }> {
  const sentAt = async (sql: string) =>
    new Map(
      (await rig.probe.rows<{ id: string; sent_at: Date }>(sql)).map((row) => [
        row.id,
        row.sent_at.getTime(),
      ]),
    );
  const mails = await sentAt(`SELECT message_id AS id, sent_at FROM deliveries WHERE status = 'sent'`);
  const hooks = await sentAt(`SELECT id, sent_at FROM destination_deliveries WHERE status = 'sent'`);
  return {
    mail: rig.mail.accepted
      .filter((message) => rig.mail.seen.get(message.messageId) === 1 && mails.has(message.messageId))
      .map((message) => mails.get(message.messageId)! - message.at),
    hooks: [...rig.webhooks.firstAt]
      .filter(([id]) => rig.webhooks.seen.get(id) === 1 && hooks.has(id))
      .map(([id, at]) => hooks.get(id)! - at),
  };
}
