import type { Logger } from '@nestjs/common';
import { QUEUES } from '../../scheduling/queue-catalogue';
import type { QueueService } from '../../scheduling/queue.service';
import type { AppliedStep } from './run-store';

/** Enqueues what committed steps asked for; if Redis fails here, the reconciler finds the pending effects. */
export async function afterCommit(queues: QueueService, steps: AppliedStep[], logger: Logger): Promise<void> {
  const jobs = steps.flatMap((step) => step.jobs);
  const cancelled = steps.flatMap((step) => step.cancelledWakeIds);
  try {
    if (jobs.length > 0) await queues.enqueue(jobs);
    if (cancelled.length > 0) await queues.remove(QUEUES.wakeups, cancelled);
  } catch (error) {
    logger.warn(`enqueue after commit failed, left to the reconciler: ${(error as Error).message}`);
  }
}
