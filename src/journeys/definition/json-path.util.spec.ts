import { toJsonPath, valueAtPath } from './json-path.util';

describe(toJsonPath.name, () => {
  it('uses dots for identifiers, brackets for indexes and quoted keys', () => {
    expect(toJsonPath(['flows', 'cart', 'steps', 2, 'duration'])).toBe('$.flows.cart.steps[2].duration');
    expect(toJsonPath(['where', 'properties.score', 'gte'], '$.params')).toBe(
      '$.params.where["properties.score"].gte',
    );
    expect(toJsonPath([])).toBe('$');
  });
});

describe(valueAtPath.name, () => {
  it('reads nested values and gives undefined past a leaf', () => {
    expect(valueAtPath({ a: [{ b: 1 }] }, ['a', 0, 'b'])).toBe(1);
    expect(valueAtPath({ a: 1 }, ['a', 'b'])).toBeUndefined();
  });
});
