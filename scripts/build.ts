/**
 * Builds dist/ (or the folder given as --out DIR) in two esbuild passes: the library (dist/index.js)
 * and one precompiled ajv validator module per action (dist/validators/<key>.js) with every
 * dependency left external; then the CLI (dist/cli.js) with got bundled and trimmed for start-up,
 * and the licences of what it bundles. Then it copies the catalogue and emits the library's
 * declarations. Validators are generated from the committed catalogue, so the CLI never compiles a
 * schema at run time. Progress goes to stderr (`npm pack --json` runs this through `prepare`).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import type { Catalogue } from '../src/catalogue/types.js';
import { createAjv } from '../src/validation/ajv.js';
import { builtinSource } from '../src/builtin-catalogue.js';
import { lazyListFormat } from './lazy-list-format.js';
import { trimGot } from './trim-got.js';

// CommonJS module: its function is also exported as `default`, which is how NodeNext types see it.
const standaloneCode = standaloneModule.default;

const root = fileURLToPath(new URL('..', import.meta.url));
const outArg = process.argv.indexOf('--out');
const dist = outArg > 0 ? resolve(process.argv[outArg + 1] as string) : `${root}dist`;
const work = `${dist}.build/validators`;

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

/** Packages the library loads at run time: installed as dependencies, never copied into dist/. */
const DEPENDENCIES = Object.keys((JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { dependencies: Record<string, string> }).dependencies);
const external = DEPENDENCIES.flatMap((name) => [name, `${name}/*`]);

const common = {
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ajv, ajv-formats and parts of got's dependencies are CommonJS and call require().
  banner: { js: "import { createRequire as __chaportRequire } from 'node:module'; const require = __chaportRequire(import.meta.url);" },
  // Smaller code parses faster at every start-up (about 7 ms of got's load here). Names are not kept:
  // keepNames wraps every closure got makes per request (2-9% CPU per request); error classes set
  // their `name` themselves, and the source maps name the rest in stack traces.
  minify: true,
  keepNames: false,
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;

async function main(): Promise<void> {
  const started = performance.now();
  const catalogue = builtinSource().catalogue();
  rmSync(dist, { recursive: true, force: true });
  // The library and the precompiled validators: every dependency stays external, so a library user
  // gets got, ajv and yaml as real dependencies to update and audit. Its source maps hold our code only.
  await build({
    ...common,
    entryPoints: { index: `${root}src/index.ts`, ...writeValidators(catalogue) },
    // Chunks stay beside the entries: modules locate generated/ and validators/ from their own URL.
    chunkNames: '[name]-[hash]',
    external,
    sourcemap: 'linked',
  });
  // The CLI: got bundled and trimmed for start-up (the rest of what it loads, the validators above
  // and ajv's helpers they use, comes from dist/ and the installed dependencies). No source map:
  // it would ship got's sources.
  const cliBuild = await build({
    ...common,
    entryPoints: { cli: `${root}src/cli/bin.ts` },
    chunkNames: 'cli-[hash]',
    external: external.filter((name) => !name.startsWith('got')),
    plugins: [trimGot, lazyListFormat],
    metafile: true,
  });
  writeFileSync(`${dist}/THIRD-PARTY-LICENSES.txt`, thirdPartyLicenses(cliBuild.metafile));
  dropValidatorMaps();
  const cli = `${dist}/cli.js`;
  const code = readFileSync(cli, 'utf8').replace(/^#!.*\n/, '');
  writeFileSync(cli, `#!/usr/bin/env node\n${code}`);
  chmodSync(cli, 0o755);
  cpSync(`${root}src/generated/catalogue`, `${dist}/generated/catalogue`, { recursive: true });
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`, '--outDir', `${dist}/types`], { stdio: ['ignore', 2, 2] });
  rmSync(`${dist}.build`, { recursive: true, force: true });
  // On stderr: `npm pack --json` runs this build and its stdout must stay JSON.
  process.stderr.write(`built ${dist} (${catalogue.actions.length} actions) in ${Math.round(performance.now() - started)} ms\n`);
}

/** The validators are generated code: a map back to it (deleted after the build) helps nobody. */
function dropValidatorMaps(): void {
  for (const file of readdirSync(`${dist}/validators`)) {
    const path = `${dist}/validators/${file}`;
    if (file.endsWith('.map')) rmSync(path);
    else writeFileSync(path, readFileSync(path, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'));
  }
}

/** The licence of every package whose code the CLI bundle holds, as its notices require. */
function thirdPartyLicenses(metafile: Metafile): string {
  const packages = new Map<string, string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.set(match[1] as string, input.slice(0, input.indexOf(match[1] as string) + (match[1] as string).length));
  }
  const sections = [...packages.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
    const manifest = JSON.parse(readFileSync(`${root}${dir}/package.json`, 'utf8')) as { version: string; license?: string };
    const file = readdirSync(`${root}${dir}`).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
    if (file === undefined) throw new Error(`${name} is bundled into the CLI but has no licence file to reproduce.`);
    return `${name} ${manifest.version} (${manifest.license ?? 'see below'})\n\n${readFileSync(`${root}${dir}/${file}`, 'utf8').trim()}\n`;
  });
  return `The chaport CLI (dist/cli.js and dist/cli-*.js) bundles the following packages.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

await main();
