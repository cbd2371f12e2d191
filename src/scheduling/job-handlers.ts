import type { JobName, JobPayloads } from './queue-catalogue';

export interface JobContext {
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
}

/** A handler's answer when its job must run again later (a deferred send): the job goes back to delayed. */
export interface JobDelay {
  delayMs: number;
}

/** Exactly one handler per job name: the type makes a missing or extra one a compile error. */
export type JobHandlers = {
  [K in JobName]: (data: JobPayloads[K], context: JobContext) => Promise<void | JobDelay>;
};

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
