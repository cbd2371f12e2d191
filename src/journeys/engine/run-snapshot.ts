import type { AnyStateMachine, SnapshotFrom, StateValue } from 'xstate';

/** A stored snapshot that does not fit the machine (corrupt JSON, or a state the definition lacks). */
export class EngineSnapshotError extends Error {
  readonly code = 'engine_snapshot_invalid';

  constructor(message: string) {
    super(message);
    this.name = 'EngineSnapshotError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The machine's persisted snapshot as plain JSON, detached from the objects the step used. */
export function persistSnapshot<M extends AnyStateMachine>(machine: M, snapshot: SnapshotFrom<M>): unknown {
  return JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot))) as unknown;
}

/** Restores a snapshot read back from the database; `checkContext` validates the machine's own context. */
export function restoreSnapshot<M extends AnyStateMachine>(
  machine: M,
  stored: unknown,
  checkContext: (context: Record<string, unknown>) => string | null,
): SnapshotFrom<M> {
  if (!isRecord(stored) || !isRecord(stored.context))
    throw new EngineSnapshotError('snapshot is not an object with a context');
  const { value, status } = stored;
  if (typeof value !== 'string' && !isRecord(value))
    throw new EngineSnapshotError('snapshot has no state value');
  if (status !== 'active' && status !== 'done')
    throw new EngineSnapshotError(`snapshot status "${String(status)}" is not resumable`);
  const problem = checkContext(stored.context);
  if (problem) throw new EngineSnapshotError(problem);
  try {
    return machine.resolveState({
      value: value as StateValue,
      context: stored.context,
      status,
    }) as SnapshotFrom<M>;
  } catch (error) {
    throw new EngineSnapshotError(`snapshot does not fit the journey: ${(error as Error).message}`);
  }
}
