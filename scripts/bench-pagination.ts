/**
 * Pagination benchmark: a loopback server in its own process serves 2,000 pages of 100 visitors
 * (about 50 KB each). In interleaved rounds, separate processes page through them with
 *   - a hand-written got async generator (the reference),
 *   - the connector's streaming iterator (paginate), at 2,000 and at 200 pages,
 *   - the connector's collect() (everything in one array).
 * Reports medians and ratios measured in the same run: throughput of streaming vs the reference,
 * peak RSS at 2,000 vs 200 pages, and streaming vs collecting.
 *
 *   npm run bench:pagination [-- --rounds 5 --pages 2000]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

const CLIENTS: Record<string, string> = {
  'got-generator.mjs': `
import got from 'got';
async function* visitors(base) {
  for (let page = 1; page <= Number(process.env.MAX_PAGES || Infinity); page++) {
    const body = await got(base + '/visitors?page=' + page, { headers: { authorization: 'Bearer bench' }, responseType: 'json' }).json();
    yield* body.result;
    if (!body.links || !body.links.next) return;
  }
}
const started = performance.now();
let records = 0, visits = 0;
for await (const v of visitors(process.env.CHAPORT_BASE_URL)) { records++; visits += v.visitsCount; }
console.log(JSON.stringify({ records, ms: performance.now() - started, rssMB: process.resourceUsage().maxRSS / 1024 }));
`,
  'connector-stream.mjs': `
import { createConnector } from '../dist/index.js';
const chaport = createConnector();
const started = performance.now();
let records = 0, visits = 0;
for await (const v of chaport.paginate('list-visitors', {}, { maxPages: 1e6 })) { records++; visits += v.visitsCount; }
console.log(JSON.stringify({ records, ms: performance.now() - started, rssMB: process.resourceUsage().maxRSS / 1024 }));
`,
  'connector-collect.mjs': `
import { createConnector } from '../dist/index.js';
const chaport = createConnector();
const started = performance.now();
const all = await chaport.paginate('list-visitors', {}, { maxPages: 1e6 }).collect();
let records = 0, visits = 0;
for (const v of all.records) { records++; visits += v.visitsCount; }
console.log(JSON.stringify({ records, ms: performance.now() - started, rssMB: process.resourceUsage().maxRSS / 1024 }));
`,
};

interface Sample {
  records: number;
  ms: number;
  rssMB: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
  const base = `http://127.0.0.1:${port}/api/v1`;
  // The small run pages through the first tenth: a server whose last page is `smallPages` is emulated
  // by a second server would cost a second process; instead the stream stops there with maxPages.
  writeFileSync(`${dir}/connector-stream-small.mjs`, CLIENTS['connector-stream.mjs']!.replace('maxPages: 1e6', `maxPages: ${smallPages}`));
  const variants: [string, string, number][] = [
    ['got generator', 'got-generator.mjs', pages * 100],
    [`got generator (${smallPages} pages)`, `got-generator.mjs@${smallPages}`, smallPages * 100],
    ['connector stream', 'connector-stream.mjs', pages * 100],
    [`connector stream (${smallPages} pages)`, 'connector-stream-small.mjs', smallPages * 100],
    ['connector collect', 'connector-collect.mjs', pages * 100],
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
    server.kill();
  }
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(`Pagination, ${pages} pages x 100 visitors (~50 KB/page), ${rounds} interleaved rounds (+1 warm-up), Node ${process.version}`);
  out(`${'variant'.padEnd(32)}${'records/s'.padStart(12)}${'ms'.padStart(9)}${'peak RSS MB'.padStart(13)}`);
  for (const [name] of variants) {
    const list = samples[name] as Sample[];
    const rate = median(list.map((s) => (s.records * 1000) / s.ms));
    out(`${name.padEnd(32)}${Math.round(rate).toLocaleString('en').padStart(12)}${median(list.map((s) => s.ms)).toFixed(0).padStart(9)}${median(list.map((s) => s.rssMB)).toFixed(1).padStart(13)}`);
  }
  const perRound = (a: string, b: string, f: (s: Sample) => number) =>
    median((samples[a] as Sample[]).map((s, i) => f(s) / f((samples[b] as Sample[])[i] as Sample)));
  const throughput = perRound('connector stream', 'got generator', (s) => s.records / s.ms);
  const flat = perRound('connector stream', `connector stream (${smallPages} pages)`, (s) => s.rssMB);
  const versusCollect = perRound('connector stream', 'connector collect', (s) => s.rssMB);
  out(`streaming throughput vs hand-written got generator: ${throughput.toFixed(2)}x (target >= 0.90x)`);
  const referenceFlat = perRound('got generator', `got generator (${smallPages} pages)`, (s) => s.rssMB);
  out(`streaming peak RSS, ${pages} vs ${smallPages} pages: ${flat.toFixed(2)}x (target <= 1.30x; the hand-written generator: ${referenceFlat.toFixed(2)}x)`);
  out(`streaming vs collect-all peak RSS at ${pages} pages: ${versusCollect.toFixed(2)}x (target <= 0.35x)`);
}

await main();
