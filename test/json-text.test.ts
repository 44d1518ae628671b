import { describe, expect, it } from 'vitest';
import { toJsonText, writeIteratively } from '../src/json-text.js';

const SAMPLES: unknown[] = [
  null,
  0,
  -1.5e300,
  'a "quoted" \\ line\nbreak \u2028',
  true,
  [],
  {},
  [[]],
  { x: {} },
  [1, [2, { a: [], b: 'c' }], null],
  { a: 1, b: { c: [true, null, 'x'] }, d: undefined, e: [undefined, 3], '"k"': { 'é': 'ü' } },
];

describe('JSON text at any depth', () => {
  it.each(SAMPLES.map((sample) => [JSON.stringify(sample) ?? 'undefined', sample]))('writes %s exactly as JSON.stringify does, compact and indented', (_title, sample) => {
    expect(writeIteratively(sample, '')).toBe(JSON.stringify(sample));
    expect(writeIteratively(sample, '  ')).toBe(JSON.stringify(sample, null, 2));
  });

  it('writes a reply nested 100,000 levels deep, which JSON.stringify cannot', () => {
    const depth = 100_000;
    const text = `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
    const value = JSON.parse(text) as unknown;
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(toJsonText(value)).toBe(text);
    let compacted = false;
    expect(toJsonText(value, 2, () => (compacted = true))).toBe(text);
    expect(compacted).toBe(true);
  });
});
