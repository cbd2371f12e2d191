import type { FieldTest, Scalar } from '../definition/journey-definition.schema';

const NUMERIC = /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

// Shops often send numbers as strings ("9"), so numeric strings compare as numbers.
function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return null;
}

export function valuesEqual(actual: unknown, expected: Scalar): boolean {
  if (actual === expected) return true;
  if (typeof actual === typeof expected) return false;
  const [a, b] = [asNumber(actual), asNumber(expected)];
  return a !== null && a === b;
}

/** -1, 0, 1, or null when the two values cannot be ordered (numbers, else strings such as ISO dates). */
function compare(actual: unknown, expected: number | string): number | null {
  const [a, b] = [asNumber(actual), asNumber(expected)];
  if (a !== null && b !== null) return Math.sign(a - b);
  if (typeof actual === 'string' && typeof expected === 'string')
    return actual < expected ? -1 : +(actual > expected);
  return null;
}

function contains(actual: unknown, expected: Scalar): boolean {
  if (Array.isArray(actual)) return actual.some((item) => valuesEqual(item, expected));
  return typeof actual === 'string' && expected !== null && actual.includes(String(expected));
}

/** Whether a value passes every operator of a field test. */
export function passesFieldTest(actual: unknown, test: FieldTest): boolean {
  const ordered = (expected: number | string, ok: (sign: number) => boolean) => {
    const sign = compare(actual, expected);
    return sign !== null && ok(sign);
  };
  return (
    (test.eq === undefined || valuesEqual(actual, test.eq)) &&
    (test.ne === undefined || !valuesEqual(actual, test.ne)) &&
    (test.gt === undefined || ordered(test.gt, (s) => s > 0)) &&
    (test.gte === undefined || ordered(test.gte, (s) => s >= 0)) &&
    (test.lt === undefined || ordered(test.lt, (s) => s < 0)) &&
    (test.lte === undefined || ordered(test.lte, (s) => s <= 0)) &&
    (test.in === undefined || test.in.some((option) => valuesEqual(actual, option))) &&
    (test.exists === undefined || (actual !== undefined && actual !== null) === test.exists) &&
    (test.contains === undefined || contains(actual, test.contains))
  );
}
