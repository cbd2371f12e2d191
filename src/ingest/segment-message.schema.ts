import { z } from 'zod';

// Segment HTTP Tracking API shapes (track, identify, page, screen, group, alias); unknown fields are kept out.
const isoTimestamp = z.iso.datetime({ offset: true, local: false }).or(z.iso.date());
const object = z.record(z.string(), z.unknown());

const common = {
  messageId: z.string().trim().min(1).max(200).optional(),
  userId: z.union([z.string().trim().min(1).max(200), z.number().transform(String)]).optional(),
  anonymousId: z.union([z.string().trim().min(1).max(200), z.number().transform(String)]).optional(),
  timestamp: isoTimestamp.optional(),
  sentAt: isoTimestamp.optional(),
  context: object.optional(),
  integrations: object.optional(),
};

export const trackSchema = z.object({
  ...common,
  type: z.literal('track').optional(),
  event: z.string().trim().min(1, 'must not be empty').max(200),
  properties: object.default({}),
});

export const identifySchema = z.object({
  ...common,
  type: z.literal('identify').optional(),
  traits: object.default({}),
});

const pageSchema = z.object({
  ...common,
  type: z.enum(['page', 'screen']),
  name: z.string().max(200).optional(),
  properties: object.default({}),
});
const groupSchema = z.object({
  ...common,
  type: z.literal('group'),
  groupId: z.string(),
  traits: object.default({}),
});
const aliasSchema = z.object({ ...common, type: z.literal('alias'), previousId: z.string() });

export const batchItemSchema = z.discriminatedUnion('type', [
  trackSchema.extend({ type: z.literal('track') }),
  identifySchema.extend({ type: z.literal('identify') }),
  pageSchema,
  groupSchema,
  aliasSchema,
]);

export const batchSchema = z.object({
  batch: z.array(z.unknown()).min(1, 'must hold at least one message').max(10_000),
  sentAt: isoTimestamp.optional(),
  context: object.optional(),
});

export type TrackMessage = z.infer<typeof trackSchema>;
export type IdentifyMessage = z.infer<typeof identifySchema>;
export type BatchItem = z.infer<typeof batchItemSchema>;

/** Segment's own limit per message. */
export const MAX_ITEM_BYTES = 32 * 1024;
/** Segment's own limit per batch request. */
export const MAX_BATCH_BYTES = 500 * 1024;
