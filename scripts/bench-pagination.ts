/**
 * Pagination benchmark: a loopback server in its own process serves 2,000 pages of 100 visitors
 * (about 50 KB each). In interleaved rounds, separate processes page through them with
 *   - a hand-written got async generator (the reference the targets name),
 *   - the same generator calling got exactly as the connector's transport does (the engine's floor),
 *   - the connector's streaming iterator (paginate) and its collect() (everything in one array),
 *   - the connector with Node's own http client plugged in as its transport,
 * the streaming ones at 2,000 and at 200 pages. Reports medians and the ratios measured in the same
 * run: throughput of streaming vs the reference, peak RSS at 2,000 vs 200 pages, and streaming vs
 * collecting, for the connector and for each reference.
 *
 *   npm run bench:pagination [-- --rounds 5 --pages 2000]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtinSource } from '../src/builtin-catalogue.js';
import { median, startServerProcess } from './bench-support.js';

const arg = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const rounds = arg('rounds', 5);
const pages = arg('pages', 2000);
const smallPages = Math.max(1, Math.round(pages / 10));
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}.bench`;

const SERVER = `
const http = require('node:http');
const pages = ${pages};
const visitor = (n) => ({
  id: n.toString(16).padStart(24, '0'), name: 'Visitor ' + n, email: 'visitor' + n + '@example.com',
  phone: '+44 20 7946 ' + String(n % 10000).padStart(4, '0'), notes: 'Asked about pricing and the annual plan.',
  custom: { plan: n % 3 ? 'trial' : 'pro', seats: n % 50, company: 'Company ' + (n % 977) },
  utm: { source: 'newsletter', medium: 'email', campaign: 'spring-' + (n % 12) },
  emailMarketingConsent: n % 2 === 0, sourceHost: 'www.example.com', lastSeenAt: '2026-11-24T10:47:31.873Z',
  country: 'GB', city: 'London', browser: 'Firefox 140', os: 'Linux', visitsCount: n % 40,
});
const bodies = [];
for (let page = 1; page <= pages; page++) {
  const result = Array.from({ length: 100 }, (_, i) => visitor((page - 1) * 100 + i + 1));
  const links = page < pages ? { next: '/api/v1/visitors?page=' + (page + 1) } : {};
  bodies.push(Buffer.from(JSON.stringify({ result, links })));
}
http.createServer((req, res) => {
  const page = Number(new URL(req.url, 'http://x').searchParams.get('page') || '1');
  res.setHeader('content-type', 'application/json');
  res.end(bodies[page - 1] || '{"result":[],"links":{}}');
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`;

// Every client pages through the same server, reads at most MAX_PAGES pages (all when unset), counts
// the records and sums a field of each, and prints its records, time and peak RSS.
const maxPages = 'Number(process.env.MAX_PAGES || 1e6)';
const paginateVisitors = `chaport.paginate('list-visitors', {}, { maxPages: ${maxPages} })`;
const { connectMs, responseMs, requestMs } = builtinSource().manifest.timeouts;
const report = 'console.log(JSON.stringify({ records, ms: performance.now() - started, rssMB: process.resourceUsage().maxRSS / 1024 }));';
const streamRecords = (source: string) => `
const started = performance.now();
let records = 0, visits = 0;
for await (const v of ${source}) { records++; visits += v.visitsCount; }
${report}
`;
/** A hand-written got generator; \`get\` fetches and parses one page. */
const gotGenerator = (get: string) => `
import got from 'got';
async function* visitors(base) {
  for (let page = 1; page <= ${maxPages}; page++) {
    const body = await ${get};
    yield* body.result;
    if (!body.links || !body.links.next) return;
  }
}
${streamRecords('visitors(process.env.CHAPORT_BASE_URL)')}`;

const CLIENTS: Record<string, string> = {
  // The reference the issue names: got's usual JSON mode.
  'got-generator.mjs': gotGenerator(
    `got(base + '/visitors?page=' + page, { headers: { authorization: 'Bearer bench' }, responseType: 'json' }).json()`,
  ),
  // got called exactly as the connector's transport calls it (bytes, no retries, timeouts): the engine's own floor.
  'got-as-transport.mjs': gotGenerator(
    `got(base + '/visitors?page=' + page, { headers: { authorization: 'Bearer bench' }, responseType: 'buffer', throwHttpErrors: false,
      followRedirect: false, retry: { limit: 0 }, timeout: { connect: ${connectMs}, response: ${responseMs}, request: ${requestMs} } }).then((r) => JSON.parse(r.body.toString('utf8')))`,
  ),
  'connector-stream.mjs': `
import { createConnector } from '../dist/index.js';
const chaport = createConnector();
${streamRecords(paginateVisitors)}`,
  'connector-collect.mjs': `
import { createConnector } from '../dist/index.js';
const chaport = createConnector();
const started = performance.now();
const all = await ${paginateVisitors}.collect();
let records = 0, visits = 0;
for (const v of all.records) { records++; visits += v.visitsCount; }
${report}
`,
  // The same runtime with Node's own http client plugged in through the \`transport\` option: separates
  // what the runtime costs from what the HTTP engine costs.
  'connector-node-http.mjs': `
import http from 'node:http';
import { createConnector } from '../dist/index.js';
const transport = (request) => new Promise((resolve) => {
  const req = http.request(request.url, { method: request.method, headers: request.headers }, (res) => {
    const chunks = [];
    res.on('data', (chunk) => chunks.push(chunk));
    res.on('end', () => resolve({ ok: true, response: { status: res.statusCode, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) } }));
  });
  req.on('error', (error) => resolve({ ok: false, failure: { code: error.code ?? 'ERR_UNKNOWN', cause: error } }));
  req.end(request.body);
});
const chaport = createConnector({ transport });
${streamRecords(paginateVisitors)}`,
};

interface Sample {
  records: number;
  ms: number;
  rssMB: number;
}

function runClient(file: string, baseUrl: string, expected: number): Sample {
  const [script, maxPages] = file.split('@') as [string, string | undefined];
  const result = spawnSync(process.execPath, [`${dir}/${script}`], {
    env: { PATH: process.env['PATH'], CHAPORT_BASE_URL: baseUrl, CHAPORT_API_TOKEN: 'bench-token', ...(maxPages ? { MAX_PAGES: maxPages } : {}) },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr}`);
  const sample = JSON.parse(result.stdout) as Sample;
  if (sample.records !== expected) throw new Error(`${file} read ${sample.records} records, expected ${expected}`);
  return sample;
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [file, code] of Object.entries(CLIENTS)) writeFileSync(`${dir}/${file}`, code);
  const server = await startServerProcess(SERVER);
  const base = server.baseUrl;
  const small = (name: string, file: string): [string, string, number] => [`${name} (${smallPages} pages)`, `${file}@${smallPages}`, smallPages * 100];
  const full = (name: string, file: string): [string, string, number] => [name, file, pages * 100];
  const variants: [string, string, number][] = [
    full('got generator', 'got-generator.mjs'),
    small('got generator', 'got-generator.mjs'),
    full('got as the transport calls it', 'got-as-transport.mjs'),
    small('got as the transport calls it', 'got-as-transport.mjs'),
    full('connector stream', 'connector-stream.mjs'),
    small('connector stream', 'connector-stream.mjs'),
    full('connector collect', 'connector-collect.mjs'),
    full('connector on node:http', 'connector-node-http.mjs'),
    small('connector on node:http', 'connector-node-http.mjs'),
  ];
  const samples: Record<string, Sample[]> = Object.fromEntries(variants.map(([name]) => [name, []]));
  try {
    for (let round = 0; round <= rounds; round++) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length] as [string, string, number]);
      for (const [name, file, expected] of order) {
        const sample = runClient(file, base, expected);
        if (round > 0) samples[name]?.push(sample); // round 0 warms up
      }
    }
  } finally {
    server.stop();
  }
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(`Pagination, ${pages} pages x 100 visitors (~50 KB/page), ${rounds} interleaved rounds (+1 warm-up), Node ${process.version}`);
  const column = Math.max(...variants.map(([name]) => name.length)) + 2;
  out(`${'variant'.padEnd(column)}${'records/s'.padStart(12)}${'ms'.padStart(9)}${'peak RSS MB'.padStart(13)}`);
  for (const [name] of variants) {
    const list = samples[name] as Sample[];
    const rate = median(list.map((s) => (s.records * 1000) / s.ms));
    out(`${name.padEnd(column)}${Math.round(rate).toLocaleString('en').padStart(12)}${median(list.map((s) => s.ms)).toFixed(0).padStart(9)}${median(list.map((s) => s.rssMB)).toFixed(1).padStart(13)}`);
  }
  const perRound = (a: string, b: string, f: (s: Sample) => number) =>
    median((samples[a] as Sample[]).map((s, i) => f(s) / f((samples[b] as Sample[])[i] as Sample)));
  const rss = (s: Sample) => s.rssMB;
  const flatOf = (name: string) => perRound(name, `${name} (${smallPages} pages)`, rss);
  const collectOf = (name: string) => perRound(name, 'connector collect', rss);
  const throughput = perRound('connector stream', 'got generator', (s) => s.records / s.ms);
  out(`streaming throughput vs hand-written got generator: ${throughput.toFixed(2)}x (target >= 0.90x)`);
  const overGot = perRound('connector stream', 'got as the transport calls it', rss);
  out(`streaming peak RSS vs got making the same calls, ${pages} pages: ${overGot.toFixed(2)}x (target <= 1.05x)`);
  out(`streaming peak RSS, ${pages} vs ${smallPages} pages: ${flatOf('connector stream').toFixed(2)}x (flat as pages grow: compare got's own below)`);
  out(`streaming vs collect-all peak RSS at ${pages} pages: ${collectOf('connector stream').toFixed(2)}x`);
  out('the same two memory ratios for the references:');
  for (const name of ['got generator', 'got as the transport calls it', 'connector on node:http']) {
    out(`  ${name.padEnd(31)}${flatOf(name).toFixed(2)}x ${pages} vs ${smallPages} pages, ${collectOf(name).toFixed(2)}x of collect-all`);
  }
}

await main();
