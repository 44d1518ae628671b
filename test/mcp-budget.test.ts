import { describe, expect, it } from 'vitest';
import { decodeResume, encodeResume, fitPage, fitValue, pickFields, shrink } from '../src/mcp/result-budget.js';

const records = Array.from({ length: 40 }, (_, index) => ({ id: `v${index}`, name: `Visitor ${index}`, notes: 'x'.repeat(80) }));
const size = (value: unknown): number => JSON.stringify(value).length;

describe('a page within the budget', () => {
  it('is returned whole, with the next page cursor, when it fits', () => {
    expect(fitPage({ records: records.slice(0, 3), cursor: '2' }, { budget: 10_000, skip: 0 })).toEqual({ records: records.slice(0, 3), cursor: '2' });
  });

  it('keeps the leading records that fit, and a cursor that resumes after them on the same page', () => {
    const fitted = fitPage({ records, cursor: '3' }, { budget: 1_000, skip: 0, pageCursor: '2' }) as { records: unknown[]; cursor: string; truncated: boolean; remaining: number };
    expect(size(fitted)).toBeLessThanOrEqual(1_000);
    expect(fitted.truncated).toBe(true);
    expect(fitted.records).toEqual(records.slice(0, fitted.records.length));
    expect(fitted.remaining).toBe(40 - fitted.records.length);
    expect(decodeResume(fitted.cursor, 'list-visitors')).toEqual({ page: '2', skip: fitted.records.length });
  });

  it('skips the records already returned when resuming', () => {
    const fitted = fitPage({ records, cursor: '3' }, { budget: 100_000, skip: 38 }) as { records: unknown[]; cursor: string };
    expect(fitted).toEqual({ records: records.slice(38), cursor: '3' });
  });

  it('returns one record cut down when not even one fits, so that paging moves on', () => {
    const big = [{ id: 'big', notes: 'y'.repeat(5_000) }, { id: 'next' }];
    const fitted = fitPage({ records: big }, { budget: 1_000, skip: 0 }) as { records: { id: string; notes: string }[]; cursor: string };
    expect(size(fitted)).toBeLessThanOrEqual(1_000);
    expect(fitted.records[0]?.id).toBe('big');
    expect(fitted.records[0]?.notes.endsWith('…')).toBe(true);
    expect(decodeResume(fitted.cursor, 'x')).toEqual({ skip: 1 });
  });
});

describe('an object within the budget', () => {
  it('cuts its largest array from the end and says how many items were left out', () => {
    const chat = { id: 7, events: Array.from({ length: 200 }, (_, index) => ({ id: index, text: `message ${index}` })), rating: 5 };
    const fitted = fitValue(chat, { budget: 2_000 }) as { id: number; events: { id: number }[]; truncated: boolean; omitted: Record<string, number> };
    expect(size(fitted)).toBeLessThanOrEqual(2_000);
    expect(fitted).toMatchObject({ id: 7, rating: 5, truncated: true });
    expect(fitted.events[0]?.id).toBe(0);
    expect(fitted.omitted['events']).toBe(200 - fitted.events.length);
  });

  it('cuts long strings in half until it fits, and leaves small values alone', () => {
    const { value, omitted } = shrink({ a: 'z'.repeat(1_000), b: 'short' }, 300);
    expect(size(value)).toBeLessThanOrEqual(300);
    expect((value as { b: string }).b).toBe('short');
    expect(omitted['a']).toBeGreaterThan(700);
  });

  it('keeps only the fields asked for', () => {
    expect(pickFields({ id: 1, name: 'n', email: 'e' }, ['id', 'email', 'missing'])).toEqual({ id: 1, email: 'e' });
    expect(fitValue({ id: 1, name: 'n' }, { budget: 100, fields: ['name'] })).toEqual({ name: 'n' });
  });
});

describe('resume cursors', () => {
  it('round-trip, and leave the API’s own cursors alone', () => {
    expect(decodeResume(encodeResume({ page: '5', skip: 12 }), 'a')).toEqual({ page: '5', skip: 12 });
    expect(decodeResume(encodeResume({ skip: 3 }), 'a')).toEqual({ skip: 3 });
    expect(decodeResume('5', 'a')).toBeUndefined();
  });

  it('refuse a damaged one as invalid input on the cursor field', () => {
    for (const damaged of ['resume.', 'resume.e30', `resume.${Buffer.from('[-1]').toString('base64url')}`]) {
      expect(() => decodeResume(damaged, 'list-visitors')).toThrow(expect.objectContaining({ code: 'ERR_INPUT_INVALID', issues: [expect.objectContaining({ path: '/cursor' })] }));
    }
  });
});
