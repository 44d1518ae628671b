/**
 * CLI cold-start benchmark: `chaport run get-visitor` against a loopback server in its own process,
 * next to `node -e 0`, in interleaved rounds. Reports medians and the median of per-round ratios
 * (absolute times on a shared machine drift; ratios measured in one run are stable).
 *
 *   npm run bench [-- --rounds 21]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { trimGot } from './trim-got.js';
import { median, startServerProcess } from './bench-support.js';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 21;
const warmup = 2;
const root = fileURLToPath(new URL('..', import.meta.url));
const VISITOR = '67db74c36679c4267a1c2af1';

const SERVER = `
const http = require('node:http');
const body = JSON.stringify({ result: { id: '${VISITOR}', name: 'Ada Lovelace', email: 'ada@example.com', custom: { plan: 'pro' } } });
const server = http.createServer((req, res) => { res.setHeader('content-type', 'application/json'); res.end(body); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

function timeRun(args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  return elapsed;
}

/** The floor: a bundle of got alone (trimmed and minified like the CLI) fetching the same URL. */
async function buildGotFloor(): Promise<string> {
  const dir = `${root}.bench`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/got-floor-entry.mjs`, "import got from 'got';\nawait got(process.env.CHAPORT_BASE_URL + '/visitors/${VISITOR}').json();\n");
  await build({
    entryPoints: [`${dir}/got-floor-entry.mjs`],
    outfile: `${dir}/got-floor.mjs`,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [trimGot],
    nodePaths: [`${root}node_modules`],
    logLevel: 'error',
  });
  return `${dir}/got-floor.mjs`;
}

async function main(): Promise<void> {
  const gotFloor = await buildGotFloor();
  const server = await startServerProcess(SERVER);
  const env = { PATH: process.env['PATH'], CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: 'bench-token' };
  const variants: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    'got floor (1 request)': [gotFloor],
    'chaport run get-visitor': [`${root}dist/cli.js`, 'run', 'get-visitor', '--input', JSON.stringify({ visitorId: VISITOR })],
    'chaport list --json': [`${root}dist/cli.js`, 'list', '--json'],
    'chaport list': [`${root}dist/cli.js`, 'list'],
    'chaport list --intent': [`${root}dist/cli.js`, 'list', '--intent', 'hand the chat over to another agent'],
  };
  const names = Object.keys(variants);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const ratios: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  try {
    for (let round = 0; round < rounds + warmup; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length] as string);
      const measured: Record<string, number> = {};
      for (const name of order) measured[name] = timeRun(variants[name] as string[], env);
      if (round < warmup) continue;
      for (const name of names) {
        times[name]?.push(measured[name] as number);
        ratios[name]?.push((measured[name] as number) / (measured['node -e 0'] as number));
      }
    }
  } finally {
    server.stop();
  }
  process.stdout.write(`CLI cold start, ${rounds} interleaved rounds (+${warmup} warm-up), Node ${process.version}\n`);
  process.stdout.write(`${'variant'.padEnd(26)}${'median ms'.padStart(10)}${'min'.padStart(8)}${'max'.padStart(8)}${'ratio'.padStart(8)}\n`);
  for (const name of names) {
    const t = times[name] as number[];
    process.stdout.write(
      `${name.padEnd(26)}${median(t).toFixed(1).padStart(10)}${Math.min(...t).toFixed(1).padStart(8)}${Math.max(...t).toFixed(1).padStart(8)}${`${median(ratios[name] as number[]).toFixed(2)}x`.padStart(8)}\n`,
    );
  }
  const overGot = median((times['chaport run get-visitor'] as number[]).map((t, i) => t / (times['got floor (1 request)'] as number[])[i]!));
  process.stdout.write(`chaport run get-visitor / got floor: ${overGot.toFixed(2)}x (the connector's own cost on top of got)\n`);
  const intentOverList = median((times['chaport list --intent'] as number[]).map((t, i) => t / (times['chaport list'] as number[])[i]!));
  process.stdout.write(`chaport list --intent / chaport list: ${intentOverList.toFixed(3)}x (target <= 1.05x: ranking costs nothing noticeable)\n`);
  process.stdout.write('Target (issue #2): chaport run get-visitor <= 2.5x node -e 0.\n');
}

await main();
