import { describe, expect, it } from 'vitest';
import { fitPage, fitValue, pickFields, shrink } from '../src/mcp/result-budget.js';
import { callIdentity, decodeResume, encodeResume } from '../src/mcp/resume-cursor.js';

const ID = callIdentity('list-visitors', {});
/** Resume cursors of the first page (pageCursor undefined) or of a later one. */
const resumeOn = (pageCursor?: string) => (skip: number) => encodeResume({ ...(pageCursor === undefined ? {} : { page: pageCursor }), skip }, ID);

const records = Array.from({ length: 40 }, (_, index) => ({ id: `v${index}`, name: `Visitor ${index}`, notes: 'x'.repeat(80) }));
const size = (value: unknown): number => JSON.stringify(value).length;

describe('a page within the budget', () => {
  it('is returned whole, with the next page cursor, when it fits', () => {
    expect(fitPage({ records: records.slice(0, 3), cursor: '2' }, { budget: 10_000, skip: 0, resume: resumeOn() })).toEqual({ records: records.slice(0, 3), cursor: '2' });
  });

  it('keeps the leading records that fit, and a cursor that resumes after them on the same page', () => {
    const fitted = fitPage({ records, cursor: '3' }, { budget: 1_000, skip: 0, resume: resumeOn('2') }) as { records: unknown[]; cursor: string; truncated: boolean; remaining: number };
    expect(size(fitted)).toBeLessThanOrEqual(1_000);
    expect(fitted.truncated).toBe(true);
    expect(fitted.records).toEqual(records.slice(0, fitted.records.length));
    expect(fitted.remaining).toBe(40 - fitted.records.length);
    expect(decodeResume(fitted.cursor, 'list-visitors', ID)).toEqual({ page: '2', skip: fitted.records.length });
  });

  it('skips the records already returned when resuming', () => {
    const fitted = fitPage({ records, cursor: '3' }, { budget: 100_000, skip: 38, resume: resumeOn('2') }) as { records: unknown[]; cursor: string };
    expect(fitted).toEqual({ records: records.slice(38), cursor: '3' });
  });

  it('returns one record cut down when not even one fits, so that paging moves on', () => {
    const big = [{ id: 'big', notes: 'y'.repeat(5_000) }, { id: 'next' }];
    const fitted = fitPage({ records: big }, { budget: 1_000, skip: 0, resume: resumeOn() }) as { records: { id: string; notes: string }[]; cursor: string; omitted: Record<string, number> };
    expect(size(fitted)).toBeLessThanOrEqual(1_000);
    expect(fitted.records[0]?.id).toBe('big');
    expect(fitted.records[0]?.notes.endsWith('…')).toBe(true);
    expect(decodeResume(fitted.cursor, 'list-visitors', ID)).toEqual({ skip: 1 });
    expect(fitted.omitted['records[0].notes']).toBeGreaterThan(4_000);
  });

  it('never goes over the budget, whatever the budget and the digits of its counts', () => {
    const many = Array.from({ length: 150 }, (_, index) => ({ id: `visitor-${index}`, name: `Visitor number ${index}` }));
    for (let budget = 1_000; budget < 3_000; budget += 7) {
      for (const skip of [0, 9, 99]) {
        const fitted = fitPage({ records: many, cursor: '12' }, { budget, skip, resume: resumeOn('11') });
        expect(size(fitted), `budget ${budget}, skip ${skip}`).toBeLessThanOrEqual(budget);
      }
    }
  });

  it('stands a note in for a record too large to cut down, so that paging still moves on', () => {
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`field${index}`, index]));
    const fitted = fitPage({ records: [wide, { id: 'next' }] }, { budget: 1_000, skip: 0, resume: resumeOn() }) as { records: Record<string, unknown>[]; cursor: string };
    expect(size(fitted)).toBeLessThanOrEqual(1_000);
    expect(fitted.records[0]).toMatchObject({ truncated: true, chars: size(wide), fields: expect.arrayContaining(['field0']) });
    expect(decodeResume(fitted.cursor, 'list-visitors', ID)).toEqual({ skip: 1 });
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

  it('stays within the budget when it has many arrays to cut, naming only the places cut most', () => {
    const wide = Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`list${index}`, Array.from({ length: 20 }, (__, item) => `entry ${item} of list ${index}`)]));
    const fitted = fitValue(wide, { budget: 2_000 }) as { truncated: boolean; omitted: Record<string, number> };
    expect(size(fitted)).toBeLessThanOrEqual(2_000);
    expect(fitted.truncated).toBe(true);
    expect(Object.keys(fitted.omitted).length).toBeLessThanOrEqual(21);
  });

  it('marks a cut array or string as truncated too, wrapped in an object', () => {
    const list = Array.from({ length: 500 }, (_, index) => ({ id: index, text: `event ${index}` }));
    const fitted = fitValue(list, { budget: 1_500 }) as { value: unknown[]; truncated: boolean; omitted: Record<string, number> };
    expect(size(fitted)).toBeLessThanOrEqual(1_500);
    expect(fitted.truncated).toBe(true);
    expect(fitted.value.length + (Object.values(fitted.omitted)[0] ?? 0)).toBe(500);
  });

  it('stands a note in for an object of many small fields that cannot be cut', () => {
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`field${index}`, index]));
    const fitted = fitValue(wide, { budget: 1_000 }) as { truncated: boolean; chars: number; fields: string[] };
    expect(size(fitted)).toBeLessThanOrEqual(1_000);
    expect(fitted).toMatchObject({ truncated: true, chars: size(wide) });
    expect(fitted.fields.slice(0, 2)).toEqual(['field0', 'field1']);
  });

  it('keeps only the fields asked for', () => {
    expect(pickFields({ id: 1, name: 'n', email: 'e' }, ['id', 'email', 'missing'])).toEqual({ id: 1, email: 'e' });
    expect(fitValue({ id: 1, name: 'n' }, { budget: 100, fields: ['name'] })).toEqual({ name: 'n' });
  });
});

describe('resume cursors', () => {
  it('round-trip, and leave the API’s own cursors alone', () => {
    expect(decodeResume(encodeResume({ page: '5', skip: 12 }, ID), 'list-visitors', ID)).toEqual({ page: '5', skip: 12 });
    expect(decodeResume(encodeResume({ skip: 3 }, ID), 'list-visitors', ID)).toEqual({ skip: 3 });
    expect(decodeResume('5', 'list-visitors', ID)).toBeUndefined();
  });

  it('belong to one action and one input: another refuses them instead of reading a wrong position', () => {
    const chatA = callIdentity('list-chat-events', { visitorId: 'a', chatId: 1 });
    expect(callIdentity('list-chat-events', { chatId: 1, visitorId: 'a' })).toBe(chatA);
    const cursor = encodeResume({ skip: 10 }, chatA);
    for (const other of [callIdentity('list-chat-events', { visitorId: 'a', chatId: 2 }), callIdentity('list-operators', {}), ID]) {
      expect(() => decodeResume(cursor, 'list-chat-events', other)).toThrow(expect.objectContaining({ code: 'ERR_INPUT_INVALID', message: expect.stringContaining('belongs to another call') }));
    }
  });

  it('refuse a damaged one as invalid input on the cursor field', () => {
    for (const damaged of ['resume.', 'resume.e30', `resume.${Buffer.from('[-1]').toString('base64url')}`, `resume.${Buffer.from('[3]').toString('base64url')}`]) {
      expect(() => decodeResume(damaged, 'list-visitors', ID)).toThrow(expect.objectContaining({ code: 'ERR_INPUT_INVALID', issues: [expect.objectContaining({ path: '/cursor' })] }));
    }
  });
});
