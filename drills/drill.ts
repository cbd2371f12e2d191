import type { DrillOptions } from './options';
import type { Message } from './support/load';
import type { DrillResult } from './support/report';

export interface DrillContext {
  options: DrillOptions;
  /** The compiled tree the processes run. */
  dist: string;
  /** Scratch directory of this run (Redis and PostgreSQL files). */
  workDir: string;
  /** A progress line, prefixed with the drill's name and elapsed time. */
  log(line: string): void;
}

export type Drill = (context: DrillContext) => Promise<DrillResult>;

/** A lead's two messages: identify (for the address), then Lead Created, which starts the 3-email nurture flow. */
export function leadMessages(userId: string, tag: string): Message[] {
  return [
    {
      type: 'identify',
      userId,
      messageId: `${tag}-${userId}-identify`,
      traits: { email: `${userId}@drill.test`, first_name: userId },
    },
    {
      type: 'track',
      userId,
      messageId: `${tag}-${userId}-lead`,
      event: 'Lead Created',
      properties: { source: 'drill' },
    },
  ];
}

/** A cart left behind: identify, then Product Added, which starts the 3-reminder cart flow keyed by the cart id. */
export function cartMessages(userId: string, tag: string): Message[] {
  return [
    {
      type: 'identify',
      userId,
      messageId: `${tag}-${userId}-identify`,
      traits: { email: `${userId}@drill.test`, first_name: userId },
    },
    {
      type: 'track',
      userId,
      messageId: `${tag}-${userId}-cart`,
      event: 'Product Added',
      properties: { cart_id: `c-${userId}`, product_id: 'p1', name: 'Linen Shirt', price: 49, quantity: 1 },
    },
  ];
}
