import { type BufferedUpdate, type Member, planBatch } from './plan-batch';

const A = { email: 'a'.repeat(64) };
const B = { email: 'b'.repeat(64), phone: 'c'.repeat(64) };
let nextId = 100;
const update = (contact: string, action: 'add' | 'remove', identifiers = A): BufferedUpdate => ({
  id: String((nextId += 1)),
  contact_id: contact,
  action,
  identifiers,
  run_id: 'run-1',
  reason: `${action}-step`,
});

describe(planBatch.name, () => {
  it('adds new contacts and removes members with the hashes they were added with', () => {
    const updates = [update('c1', 'add', A), update('c2', 'remove', { email: 'e'.repeat(64) })];
    const members = new Map<string, Member>([['c2', { status: 'added', identifiers: B }]]);

    const sut = planBatch(updates, members, 10);

    expect(sut).toEqual([
      {
        id: `aud.${updates[0].id}.add.1`,
        action: 'add',
        items: [{ contactId: 'c1', identifiers: A, runId: 'run-1', reason: 'add-step' }],
      },
      {
        id: `aud.${updates[0].id}.remove.1`,
        action: 'remove',
        items: [{ contactId: 'c2', identifiers: B, runId: 'run-1', reason: 'remove-step' }],
      },
    ]);
  });

  it('lets the last change per contact win, so add then remove in one window sends nothing', () => {
    const sut = planBatch([update('c1', 'add'), update('c1', 'remove')], new Map(), 10);

    expect(sut).toEqual([]);
  });

  it('sends nothing for a second add or a removal of a non-member', () => {
    const members = new Map<string, Member>([
      ['c1', { status: 'added', identifiers: A }],
      ['c2', { status: 'removed', identifiers: A }],
    ]);

    expect(
      planBatch([update('c1', 'add'), update('c2', 'remove'), update('c3', 'remove')], members, 10),
    ).toEqual([]);
  });

  it('adds again after a failed add, or with changed identifiers', () => {
    const members = new Map<string, Member>([
      ['c1', { status: 'add-failed', identifiers: A }],
      ['c2', { status: 'added', identifiers: A }],
    ]);

    const sut = planBatch([update('c1', 'add', A), update('c2', 'add', B)], members, 10);

    expect(sut.flatMap((batch) => batch.items.map((item) => item.contactId))).toEqual(['c1', 'c2']);
  });

  it('splits at the per-call limit', () => {
    const updates = Array.from({ length: 5 }, (_, i) => update(`c${i}`, 'add'));

    const sut = planBatch(updates, new Map(), 2);

    expect(sut.map((batch) => [batch.id.split('.').slice(2).join('.'), batch.items.length])).toEqual([
      ['add.1', 2],
      ['add.2', 2],
      ['add.3', 1],
    ]);
  });
});
