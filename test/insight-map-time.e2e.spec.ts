import { DataSource } from 'typeorm';
import { bucketRange, durationBucket } from '../src/insight/duration-buckets';
import { startTestApp, type TestApp } from './support/test-app';
import { waitUntil } from './support/wait-until';

const DAY_MS = 86_400_000;

// The map dates a stage move by when the customer acted (the event's timestamp), so a shop that sends its history
// gets the map of that history, and time in a stage is the customer's time, not the queue's.
describe('journey map: stage moves are dated by the events', () => {
  let sut: TestApp;
  let n = 0;

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut?.close();
  });

  const track = (userId: string, event: string, at: Date) =>
    sut.request('POST', '/v1/track', {
      messageId: `t-${(n += 1)}`,
      userId,
      event,
      timestamp: at.toISOString(),
    });
  const map = async (days: number) =>
    (await sut.request('GET', `/v1/insight/journeys/customer-lifecycle/map?days=${days}`)).body;
  const stage = (body: any, name: string) => body.stages.find((s: { stage: string }) => s.stage === name);

  it('counts a backfilled lead in the period it happened, with the days it took to move on', async () => {
    const now = Date.now();
    // Ten days ago a lead, a day and a half later a checkout: outside the 7-day period, inside the 30-day one.
    expect((await track('past-1', 'Lead Created', new Date(now - 10 * DAY_MS))).status).toBe(200);
    expect((await track('past-1', 'Checkout Started', new Date(now - 8.5 * DAY_MS))).status).toBe(200);
    // Today, a lead who has not moved on.
    expect((await track('today-1', 'Lead Created', new Date(now - 60_000))).status).toBe(200);
    await waitUntil(async () => stage(await map(30), 'decision').now === 1, 15_000, 'the checkout routed');
    await waitUntil(async () => stage(await map(30), 'consideration').now === 1, 15_000, 'the lead routed');

    const week = stage(await map(7), 'consideration');
    const month = stage(await map(30), 'consideration');
    expect({ entered: week.entered, movedOn: week.movedOn }).toEqual({ entered: 1, movedOn: 0 });
    expect({ entered: month.entered, movedOn: month.movedOn, cohortMovedOn: month.cohortMovedOn }).toEqual({
      entered: 2,
      movedOn: 1,
      cohortMovedOn: 1,
    });
    // A day and a half in consideration, read back from the histogram: within its bucket.
    const [low, high] = bucketRange(durationBucket(1.5 * 86_400));
    expect(month.medianSecondsToMoveOn).toBeGreaterThanOrEqual(low);
    expect(month.medianSecondsToMoveOn).toBeLessThan(high);
    expect(week.medianSecondsToMoveOn).toBeNull();
  });

  it('never dates a move before the stage it leaves was entered, nor in the future', async () => {
    const now = Date.now();
    expect((await track('odd-1', 'Lead Created', new Date(now - 2 * DAY_MS))).status).toBe(200);
    // Sent late and out of order: a checkout stamped a day before the lead.
    expect((await track('odd-1', 'Checkout Started', new Date(now - 3 * DAY_MS))).status).toBe(200);
    // And one stamped in the future (a shop's clock running ahead).
    expect((await track('ahead-1', 'Lead Created', new Date(now + DAY_MS))).status).toBe(200);
    const stageRun = (userId: string, position: string) =>
      waitUntil(
        async () => {
          const [run]: { position: string; position_since: Date }[] = await sut.running.app
            .get(DataSource)
            .query(
              `SELECT r.position, r.position_since FROM runs r JOIN contacts c ON c.id = r.contact_id
                WHERE c.external_id = $1 AND r.flow = '$stage'`,
              [userId],
            );
          return run?.position === position && run;
        },
        15_000,
        `${userId} in ${position}`,
      );
    const odd = await stageRun('odd-1', 'decision');
    // Entered decision no earlier than it entered consideration (two days ago).
    expect(odd.position_since.getTime()).toBeGreaterThanOrEqual(now - 2 * DAY_MS - 1_000);
    const ahead = await stageRun('ahead-1', 'consideration');
    expect(ahead.position_since.getTime()).toBeLessThanOrEqual(Date.now());
  });
});
