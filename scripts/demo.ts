/**
 * `npm run demo`: starts a sandbox (a local Chaport-compatible API with generated data), then runs
 * real actions through the built `chaport` CLI against it and shows what happened. No account needed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../src/sandbox/server.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const MAX_LINES = 12;

const sandbox = await startSandbox({ seed: 42, visitors: 1000 });
const env = { PATH: process.env['PATH'], CHAPORT_BASE_URL: sandbox.baseUrl, CHAPORT_API_TOKEN: sandbox.token };
const print = (text: string): void => {
  process.stdout.write(text);
};

/** Runs the CLI (asynchronously: the sandbox answers from this process) and returns its output. */
function run(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

async function chaport(args: string[], note: string, shownCommand?: string): Promise<string> {
  const shown = shownCommand ?? args.map((arg) => (/^[\w@./:-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ');
  print(`\n# ${note}\n$ chaport ${shown}\n`);
  const result = await run(args);
  const lines = result.stdout.trimEnd().split('\n').map((line) => (line.length > 150 ? `${line.slice(0, 149)}…` : line));
  // Long outputs: the head and the last line (where --all puts its summary).
  const shownLines = lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES - 2), `  … ${lines.length - MAX_LINES + 1} lines …`, lines.at(-1)] : lines;
  print(`${shownLines.join('\n')}\n`);
  if (result.stderr.trim() !== '') print(`[stderr] ${result.stderr.trim()}\n`);
  if (result.code !== 0) print(`[exit code ${result.code}]\n`);
  return result.stdout;
}

try {
  print(`A sandbox with 1,000 visitors (seed 42) is running at ${sandbox.baseUrl}.\n`);
  print('Below, the real chaport CLI runs with CHAPORT_BASE_URL and CHAPORT_API_TOKEN pointing at it.\n');
  await chaport(['list', '--intent', 'reply to a visitor'], 'Find the action for a job');
  await chaport(['run', 'get-me'], 'Check the token');
  const page = JSON.parse(await chaport(['run', 'list-visitors', '--compact'], 'First page of visitors, most recent chat first')) as {
    records: { id: string }[];
  };
  const visitorId = page.records[0]?.id as string;
  await chaport(['run', 'get-visitor', '--input', JSON.stringify({ visitorId })], 'One visitor');
  await chaport(['run', 'update-visitor', '--input', JSON.stringify({ visitorId, notes: 'Asked for a demo', custom: { plan: 'pro' } })], 'Update it');
  const team = JSON.parse(await chaport(['run', 'list-operators', '--compact'], 'The team')) as { records: { id: string }[] };
  const operatorId = team.records[1]?.id as string;
  const text = 'Hi! Your demo is booked for Friday.';
  await chaport(['run', 'send-message', '--input', JSON.stringify({ visitorId, operatorId, text })], 'Reply to the visitor');
  const chat = JSON.parse((await run(['run', 'get-visitor-last-chat', '--input', JSON.stringify({ visitorId })])).stdout) as { id: number };
  await chaport(['run', 'list-chat-events', '--compact', '--input', JSON.stringify({ visitorId, chatId: chat.id })], 'The chat now ends with that reply');
  await chaport(['run', 'list-visitors', '--all', '--max-pages', '5'], 'Page through visitors, at most 5 pages (the summary closes the document)');
  const lines = await run(['run', 'list-visitors', '--jsonl']);
  print(`\n# Stream every visitor, one JSON line each\n$ chaport run list-visitors --jsonl | wc -l\n${lines.stdout.trim().split('\n').length}\n`);
  print(`[stderr] ${lines.stderr.trim()}\n`);
  await chaport(['run', 'get-visitor', '--input', '{"visitorId":"not-an-id"}'], 'Bad input is refused before anything is sent');
} finally {
  await sandbox.stop();
}
