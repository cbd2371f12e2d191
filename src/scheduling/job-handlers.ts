import type { JobName, JobPayloads } from './queue-catalogue';

export interface JobContext {
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
}

/** Exactly one handler per job name: the type makes a missing or extra one a compile error. */
export type JobHandlers = { [K in JobName]: (data: JobPayloads[K], context: JobContext) => Promise<void> };

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
