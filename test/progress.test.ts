import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/cli/io.js';
import { progressLine } from '../src/cli/progress.js';

function fakeIO(stderrIsTTY: boolean): CliIO & { err: string } {
  const io = {
    program: 'chaport',
    env: {},
    err: '',
    stdout: () => undefined,
    stdoutBytes: () => undefined,
    stdoutStream: async () => undefined,
    stderr: (text: string) => {
      io.err += text;
    },
    stderrIsTTY,
    readStdin: async () => '',
    readStdinBytes: async () => Buffer.alloc(0),
    stdinStream: () => Readable.from([]),
    interrupted: () => new Promise<void>(() => undefined),
  };
  return io;
}

describe('the progress line', () => {
  it('shows pages, records and the rate on a terminal, redrawn in place and cleared at the end', () => {
    const io = fakeIO(true);
    let now = 1_000;
    const progress = progressLine(io, () => now);
    now = 1_500;
    progress.update(5, 500);
    now = 1_600; // within the redraw interval: not shown
    progress.update(6, 600);
    now = 2_000;
    progress.update(10, 1_000);
    progress.done();
    expect(io.err).toBe(
      '\r\x1b[2Kchaport: 5 pages, 500 records, 1,000 records/s' + '\r\x1b[2Kchaport: 10 pages, 1,000 records, 1,000 records/s' + '\r\x1b[2K',
    );
  });

  it('stays silent when stderr is not a terminal', () => {
    const io = fakeIO(false);
    const progress = progressLine(io, () => 5_000);
    progress.update(1, 100);
    progress.done();
    expect(io.err).toBe('');
  });
});
