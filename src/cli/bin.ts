#!/usr/bin/env node
/** @module Executable entry of the `chaport` command (bundled to dist/cli.js). */
import module from 'node:module';
import { builtinSource } from '../builtin-catalogue.js';
import { processIO } from './io.js';
import { main } from './main.js';

// Node 22.1+ can keep compiled code between runs; it halves the cost of loading got, which is
// most of a run's start-up. Older Node versions lack the function and start as before.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const source = builtinSource();
void main(process.argv.slice(2), processIO(process.env, source.manifest), source).then((code) => {
  // Exit only once stdout and stderr are flushed, so piped output is never cut short.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
