#!/usr/bin/env node
/** @module Executable entry of the `chaport` command (bundled to dist/cli.js). */
import { processIO } from './io.js';
import { main } from './main.js';

void main(process.argv.slice(2), processIO()).then((code) => {
  // Exit only once stdout and stderr are flushed, so piped output is never cut short.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
