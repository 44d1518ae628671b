/**
 * Sandbox benchmark: start-up time of `chaport sandbox --visitors 10000` (process start to the
 * export lines), and how many GET /visitors pages per second it serves to a keep-alive client in
 * another process (8 requests in flight, 50 visitors a page).
 *
 *   npm run bench:sandbox [-- --rounds 5]
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './bench-support.js';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const CLIENT = `
const http = require('node:http');
const [base, token, total] = [process.argv[1], process.argv[2], Number(process.argv[3])];
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
let sent = 0, done = 0, bytes = 0;
const started = performance.now();
function one() {
  if (sent >= total) return;
  const page = (sent++ % 200) + 1;
  http.get(base + '/visitors?page=' + page, { agent, headers: { authorization: 'Bearer ' + token } }, (res) => {
    res.on('data', (c) => (bytes += c.length));
    res.on('end', () => {
      if (res.statusCode !== 200) throw new Error('status ' + res.statusCode);
      if (++done === total) console.log(JSON.stringify({ rps: total / ((performance.now() - started) / 1000), kbPerPage: bytes / total / 1024 }));
      else one();
    });
  });
}
for (let i = 0; i < 8; i++) one();
`;

interface Started {
  baseUrl: string;
  token: string;
  startMs: number;
  readyMs: number;
  stop: () => void;
}

function startSandboxProcess(visitors: number): Promise<Started> {
  const begun = performance.now();
  const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--visitors', String(visitors)], {
    env: { PATH: process.env['PATH'] },
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return new Promise((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!out.includes('CHAPORT_API_TOKEN=')) return;
      const startMs = performance.now() - begun;
      const wait = setInterval(() => {
        const ready = /ready in (\d+) ms/.exec(err);
        if (!ready) return;
        clearInterval(wait);
        resolve({
          baseUrl: /CHAPORT_BASE_URL=(\S+)/.exec(out)?.[1] ?? '',
          token: /CHAPORT_API_TOKEN=(\S+)/.exec(out)?.[1] ?? '',
          startMs,
          readyMs: Number(ready[1]),
          stop: () => child.kill('SIGINT'),
        });
      }, 5);
    });
  });
}

const startTimes: number[] = [];
const readyTimes: number[] = [];
const rates: number[] = [];
let pageKb = 0;
for (let round = 0; round <= rounds; round++) {
  const sandbox = await startSandboxProcess(10_000);
  const client = spawnSync(process.execPath, ['-e', CLIENT, sandbox.baseUrl, sandbox.token, '6000'], { encoding: 'utf8' });
  sandbox.stop();
  if (client.status !== 0) throw new Error(client.stderr);
  const { rps, kbPerPage } = JSON.parse(client.stdout) as { rps: number; kbPerPage: number };
  if (round === 0) continue; // warm-up
  startTimes.push(sandbox.startMs);
  readyTimes.push(sandbox.readyMs);
  rates.push(rps);
  pageKb = kbPerPage;
}
const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
out(`Sandbox with 10,000 visitors, ${rounds} rounds (+1 warm-up), Node ${process.version}`);
out(`start-up, process start to export lines: median ${median(startTimes).toFixed(0)} ms (min ${Math.min(...startTimes).toFixed(0)}, max ${Math.max(...startTimes).toFixed(0)})`);
out(`  of which seeding and listening (in-process): median ${median(readyTimes).toFixed(0)} ms`);
out(`GET /visitors pages served: median ${Math.round(median(rates)).toLocaleString('en')} req/s (min ${Math.round(Math.min(...rates)).toLocaleString('en')}, max ${Math.round(Math.max(...rates)).toLocaleString('en')}), ${pageKb.toFixed(1)} KB per page, 8 in flight`);
