import { flushJob } from './audience-flush-job';

describe(flushJob.name, () => {
  const at = (iso: string) => new Date(iso);

  it('gives every change in one window the same job, due at the end of the window', () => {
    const first = flushJob('d-1', at('2025-03-01T10:00:00.500Z'), 5_000);
    const later = flushJob('d-1', at('2025-03-01T10:00:04.900Z'), 5_000);

    expect(first.id).toBe(later.id);
    expect(first).toMatchObject({ name: 'audience-flush', data: { destinationId: 'd-1' }, delayMs: 4_500 });
    expect(later.delayMs).toBe(100);
  });

  it('starts a new job in the next window and for another destination', () => {
    const sut = flushJob('d-1', at('2025-03-01T10:00:00.000Z'), 5_000);

    expect(flushJob('d-1', at('2025-03-01T10:00:05.000Z'), 5_000).id).not.toBe(sut.id);
    expect(flushJob('d-2', at('2025-03-01T10:00:00.000Z'), 5_000).id).not.toBe(sut.id);
  });
});
