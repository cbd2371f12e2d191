const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Renders a path of keys as a JSON path: ['flows', 'cart', 'steps', 2] -> $.flows.cart.steps[2]. */
export function toJsonPath(path: readonly PropertyKey[], root = '$'): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const name = String(key);
    return IDENTIFIER.test(name) ? `${acc}.${name}` : `${acc}[${JSON.stringify(name)}]`;
  }, root);
}

/** The value found at a path inside an unknown input, or undefined. */
export function valueAtPath(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
