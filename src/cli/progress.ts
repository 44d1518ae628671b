/** @module The live progress line of a long `run --all` on stderr; silent unless stderr is a terminal. */
import type { CliIO } from './io.js';

export interface Progress {
  update(pages: number, records: number): void;
  done(): void;
}

const INTERVAL_MS = 200;

export function progressLine(io: CliIO, now: () => number = Date.now): Progress {
  if (!io.stderrIsTTY) return { update: () => undefined, done: () => undefined };
  const started = now();
  let shown = 0;
  return {
    update(pages, records) {
      const time = now();
      if (time - shown < INTERVAL_MS) return;
      shown = time;
      const rate = Math.round((records * 1000) / Math.max(1, time - started));
      io.stderr(`\r\x1b[2K${io.program}: ${pages.toLocaleString('en')} pages, ${records.toLocaleString('en')} records, ${rate.toLocaleString('en')} records/s`);
    },
    done() {
      if (shown > 0) io.stderr('\r\x1b[2K');
    },
  };
}
