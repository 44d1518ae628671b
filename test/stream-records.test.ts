import { describe, expect, it } from 'vitest';
import { PageStream } from '../src/pagination/page-stream.js';
import { streamRecords } from '../src/cli/stream-records.js';
import { memoryIO } from './helpers/cli.js';

const quiet = { update: () => undefined, done: () => undefined };

describe('streamRecords', () => {
  it('closes the document with the real error and the cursor of the page it could not write', async () => {
    // Page 2's only record cannot be written (JSON has no BigInt); the one-record pages keep the loop guard out of it.
    const stream = new PageStream(async (cursor) => {
      if (cursor === undefined) return { records: [{ n: 1 }], cursor: 'b' };
      return { records: [{ n: 2n }], cursor: 'c' };
    }, undefined);
    const memory = memoryIO();
    const { summary, failure } = await streamRecords(memory.io, stream, 'document', quiet);
    expect(failure).toMatchObject({ code: 'ERR_INTERNAL', message: expect.stringContaining('BigInt') });
    expect(summary).toMatchObject({ records: 1, complete: false, stopReason: 'error', cursor: 'b' });
    const doc = JSON.parse(memory.stdout().toString('utf8')) as Record<string, unknown>;
    expect(doc).toMatchObject({ records: [{ n: 1 }], stopReason: 'error', cursor: 'b', error: { code: 'ERR_INTERNAL' } });
  });

  it('writes nothing and throws when the first page fails', async () => {
    const stream = new PageStream(async () => {
      throw new Error('no token');
    }, undefined);
    const memory = memoryIO();
    await expect(streamRecords(memory.io, stream, 'document', quiet)).rejects.toMatchObject({ code: 'ERR_INTERNAL' });
    expect(memory.stdout().length).toBe(0);
  });
});
