/**
 * Builds dist/: one esbuild pass that bundles the CLI (dist/cli.js), the library (dist/index.js) and
 * one precompiled ajv validator module per action (dist/validators/<key>.js), sharing chunks; then
 * copies the catalogue and emits the library's declarations. Validators are generated from the
 * committed catalogue, so the CLI never compiles a schema at run time.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import type { Catalogue } from '../src/catalogue/types.js';
import { createAjv } from '../src/validation/ajv.js';
import { builtinSource } from '../src/builtin-catalogue.js';
import { lazyListFormat } from './lazy-list-format.js';
import { trimGot } from './trim-got.js';

// CommonJS module: its function is also exported as `default`, which is how NodeNext types see it.
const standaloneCode = standaloneModule.default;

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const work = `${root}.build/validators`;

function writeValidators(catalogue: Catalogue): Record<string, string> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const entries: Record<string, string> = {};
  for (const action of catalogue.actions) {
    const ajv = createAjv({ code: { source: true, esm: true } });
    ajv.addSchema(action.inputSchema, 'input');
    ajv.addSchema(action.outputSchema, 'output');
    const file = `${work}/${action.key}.mjs`;
    writeFileSync(file, standaloneCode(ajv, { input: 'input', output: 'output' }));
    entries[`validators/${action.key}`] = file;
  }
  return entries;
}

async function main(): Promise<void> {
  const started = performance.now();
  const catalogue = builtinSource().catalogue();
  rmSync(dist, { recursive: true, force: true });
  await build({
    entryPoints: { cli: `${root}src/cli/bin.ts`, index: `${root}src/index.ts`, ...writeValidators(catalogue) },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Chunks stay beside the entries: modules locate generated/ and validators/ from their own URL.
    chunkNames: '[name]-[hash]',
    // ajv, ajv-formats and parts of got's dependencies are CommonJS and call require().
    banner: { js: "import { createRequire as __chaportRequire } from 'node:module'; const require = __chaportRequire(import.meta.url);" },
    plugins: [trimGot, lazyListFormat],
    // Smaller code parses faster at every start-up (about 7 ms of got's load here). Names are not kept:
    // keepNames wraps every closure got makes per request (2-9% CPU per request); error classes set
    // their `name` themselves, and the linked source map names the rest in stack traces.
    minify: true,
    keepNames: false,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const cli = `${dist}/cli.js`;
  const code = readFileSync(cli, 'utf8').replace(/^#!.*\n/, '');
  writeFileSync(cli, `#!/usr/bin/env node\n${code}`);
  chmodSync(cli, 0o755);
  cpSync(`${root}src/generated/catalogue`, `${dist}/generated/catalogue`, { recursive: true });
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
  rmSync(`${root}.build`, { recursive: true, force: true });
  process.stdout.write(`built dist/ (${catalogue.actions.length} actions) in ${Math.round(performance.now() - started)} ms\n`);
}

await main();
