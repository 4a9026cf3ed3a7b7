import { UNKNOWN } from '../../policies/src/engine/unknown';
import { valueAt } from '../../policies/src/kubernetes/object';

describe('valueAt', () => {
  test.each([
    [{ a: { b: 1 } }, ['a', 'b'], 1],
    [{ a: { b: 1 } }, ['a', 'c'], undefined],
    [{ a: [1] }, ['a', 'b'], undefined],
    [{ a: null }, ['a', 'b'], undefined],
    [{ a: UNKNOWN }, ['a', 'b'], UNKNOWN],
    [UNKNOWN, ['a'], UNKNOWN],
    ['text', ['length'], undefined],
  ])('reads %p at %j as %p', (value, keys, expected) => {
    expect(valueAt(value, ...keys)).toBe(expected);
  });
});
