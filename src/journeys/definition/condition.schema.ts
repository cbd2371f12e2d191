import { z } from 'zod';

export type Scalar = string | number | boolean | null;

/** Tests on one value; several operators in one object must all hold (`{ "gte": 1, "lt": 5 }`). */
export interface FieldTest {
  eq?: Scalar;
  ne?: Scalar;
  gt?: number | string;
  gte?: number | string;
  lt?: number | string;
  lte?: number | string;
  in?: Scalar[];
  exists?: boolean;
  contains?: Scalar;
}

/**
 * `{ "<path>": FieldTest }` entries plus optional `all` / `any` / `not`; every key of one object is AND-ed.
 * Paths: `properties.x` (the event being matched), `trigger.properties.x` (the run's trigger event),
 * `contact.traits.x`, `contact.id`.
 */
export interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  [path: string]: FieldTest | Condition | Condition[] | undefined;
}

export const CONDITION_PATH = /^(properties|trigger\.properties|contact)(\.[^.\s]+)+$/;
const COMBINATORS = new Set(['all', 'any', 'not']);

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'expected a string, number, boolean or null',
});
const ordered = z.union([z.number(), z.string()], { error: 'expected a number or a string' });

export const FieldTestSchema: z.ZodType<FieldTest> = z
  .strictObject({
    eq: scalar.optional(),
    ne: scalar.optional(),
    gt: ordered.optional(),
    gte: ordered.optional(),
    lt: ordered.optional(),
    lte: ordered.optional(),
    in: z.array(scalar).optional(),
    exists: z.boolean().optional(),
    contains: scalar.optional(),
  })
  .refine((test) => Object.keys(test).length > 0, {
    error: 'needs an operator: eq, ne, gt, gte, lt, lte, in, exists or contains',
  });

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .object({
      all: z.array(ConditionSchema).min(1).optional(),
      any: z.array(ConditionSchema).min(1).optional(),
      not: ConditionSchema.optional(),
    })
    .catchall(FieldTestSchema)
    .superRefine((condition, ctx) => {
      const keys = Object.keys(condition);
      if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'a condition needs at least one test' });
      for (const key of keys) {
        if (COMBINATORS.has(key) || CONDITION_PATH.test(key)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'unknown path; use properties.x, trigger.properties.x, contact.traits.x or contact.id',
        });
      }
    }),
);
