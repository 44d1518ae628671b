/**
 * Per-request benchmark: client CPU per request of `get-visitor` through the built library
 * (dist/index.js) next to got called bare and got called exactly as the connector's transport calls
 * it, all against one loopback server in its own process. Each variant runs in its own process
 * (warm-up, then N requests, sequential and with 16 in flight) in interleaved rounds. Reports the
 * median client CPU µs per request and the median of the per-round ratios to each reference: CPU
 * per request is the steadiest figure on a shared machine, wall time is shown for context.
 *
 *   npm run bench:request [-- --rounds 7 --requests 2000]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median, startServerProcess } from './bench-support.js';

const arg = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const rounds = arg('rounds', 7);
const requests = arg('requests', 2000);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}.bench`;
const VISITOR = '67db74c36679c4267a1c2af1';

const SERVER = `
const http = require('node:http');
const body = JSON.stringify({ result: { id: '${VISITOR}', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000',
  notes: 'Asked about pricing.', custom: { plan: 'pro', seats: 12 }, utm: { source: 'newsletter' }, emailMarketingConsent: true,
  sourceHost: 'www.example.com', lastSeenAt: '2026-11-24T10:47:31.873Z', country: 'GB', city: 'London', browser: 'Firefox 140', os: 'Linux' } });
http.createServer((req, res) => { res.setHeader('content-type', 'application/json'); res.end(body); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`;

/** Runs \`one()\` N times (after a warm-up) with \`inFlight\` at a time; prints CPU µs and wall ms per request. */
const harness = (setup: string, one: string) => `
${setup}
const url = process.env.CHAPORT_BASE_URL + '/visitors/${VISITOR}';
const inFlight = Number(process.env.IN_FLIGHT);
const total = ${requests};
async function drive(count) {
  let next = 0;
  const worker = async () => { while (next++ < count) { const v = await (${one}); if (v.id !== '${VISITOR}') throw new Error('bad reply'); } };
  await Promise.all(Array.from({ length: inFlight }, worker));
}
await drive(200);
const cpu = process.cpuUsage();
const started = performance.now();
await drive(total);
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ cpuUs: (used.user + used.system) / total, wallMs: (performance.now() - started) / total }));
`;

const gotTransportOptions = `{ headers: { authorization: 'Bearer bench', accept: 'application/json' }, responseType: 'buffer', throwHttpErrors: false,
  followRedirect: false, retry: { limit: 0 }, timeout: { connect: 10000, response: 30000, request: 60000 } }`;

const CLIENTS: Record<string, string> = {
  'request-got.mjs': harness("import got from 'got';", "got(url, { headers: { authorization: 'Bearer bench' } }).json().then((body) => body.result)"),
  'request-got-transport.mjs': harness(
    "import got from 'got';",
    `got(url, ${gotTransportOptions}).then((r) => JSON.parse(r.body.toString('utf8')).result)`,
  ),
  'request-connector.mjs': harness(
    "import { createConnector } from '../dist/index.js';\nconst chaport = createConnector();",
    `chaport.run('get-visitor', { visitorId: '${VISITOR}' })`,
  ),
};

const VARIANTS: [name: string, file: string][] = [
  ['bare got', 'request-got.mjs'],
  ['got as the transport calls it', 'request-got-transport.mjs'],
  ['connector run get-visitor', 'request-connector.mjs'],
];

interface Sample {
  cpuUs: number;
  wallMs: number;
}

function runClient(file: string, baseUrl: string, inFlight: number): Sample {
  const result = spawnSync(process.execPath, [`${dir}/${file}`], {
    env: { PATH: process.env['PATH'], CHAPORT_BASE_URL: baseUrl, CHAPORT_API_TOKEN: 'bench-token', IN_FLIGHT: String(inFlight) },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Sample;
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [file, code] of Object.entries(CLIENTS)) writeFileSync(`${dir}/${file}`, code);
  const server = await startServerProcess(SERVER);
  const base = server.baseUrl;
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(`Per request: ${requests} GETs of one visitor (~0.5 KB), ${rounds} interleaved rounds (+1 warm-up), Node ${process.version}`);
  try {
    for (const inFlight of [1, 16]) {
      const samples: Record<string, Sample[]> = Object.fromEntries(VARIANTS.map(([name]) => [name, []]));
      for (let round = 0; round <= rounds; round++) {
        const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length] as [string, string]);
        for (const [name, file] of order) {
          const sample = runClient(file, base, inFlight);
          if (round > 0) samples[name]?.push(sample);
        }
      }
      const ratio = (a: string, b: string) =>
        median((samples[a] as Sample[]).map((s, i) => s.cpuUs / ((samples[b] as Sample[])[i] as Sample).cpuUs));
      out(`\n${inFlight === 1 ? 'sequential' : `${inFlight} in flight`}`);
      out(`${'variant'.padEnd(32)}${'CPU µs/req'.padStart(12)}${'wall ms/req'.padStart(13)}`);
      for (const [name] of VARIANTS) {
        const list = samples[name] as Sample[];
        out(`${name.padEnd(32)}${median(list.map((s) => s.cpuUs)).toFixed(0).padStart(12)}${median(list.map((s) => s.wallMs)).toFixed(3).padStart(13)}`);
      }
      out(`connector CPU per request: ${ratio('connector run get-visitor', 'bare got').toFixed(2)}x bare got, ` +
        `${ratio('connector run get-visitor', 'got as the transport calls it').toFixed(2)}x got as the transport calls it`);
    }
  } finally {
    server.stop();
  }
}

await main();
