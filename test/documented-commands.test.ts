/** Every command the README shows, and every action's documented example, runs as written against the sandbox. */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSource } from '../src/builtin-catalogue.js';
import { createConnector, startSandbox, type Sandbox } from '../src/index.js';
import { CLI } from './helpers/cli.js';
import { checkBuild } from './helpers/check-build.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

/** The shell lines of the README's `sh` blocks, continuation lines joined, with their trailing comment apart. */
function readmeCommands(): { command: string; comment: string }[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] as string);
  return blocks.flatMap((block) =>
    block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => {
        const at = commentStart(line);
        return { command: line.slice(0, at).trim(), comment: line.slice(at).replace(/^#\s*/, '') };
      })
      .filter(({ command }) => command !== ''),
  );
}

/** Where a `#` comment starts outside quotes, or the line's end. */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return i;
  }
  return line.length;
}

const hasJq = spawnSync('sh', ['-c', 'command -v jq']).status === 0;

describe('the README', () => {
  let sandbox: Sandbox;
  const cwd = mkdtempSync(join(tmpdir(), 'chaport-readme-'));
  beforeAll(async () => {
    checkBuild();
    sandbox = await startSandbox({ visitors: 120 });
  });
  afterAll(() => sandbox.stop());

  // The chaport commands, and the lines that write the files they read. Not: `npm …` (CI runs those),
  // `export …` (the test sets the environment), and the long-running sandbox and proxy, whose
  // commands are tested as processes elsewhere (as is the curl through the proxy).
  const commands = readmeCommands().filter(({ command }) => {
    if (/chaport (sandbox|proxy)\b/.test(command)) return false;
    return command.includes('npx chaport') || /^(echo|printf) .*> \S+$/.test(command);
  });

  it('shows commands to run', () => {
    expect(commands.filter(({ command }) => command.includes('npx chaport')).length).toBeGreaterThan(25);
  });

  it.each(commands.map((entry) => [entry.command, entry]))('runs: %s', async (_title, { command, comment }) => {
    if (command.includes('| jq') && !hasJq) return; // jq is not on this machine; the chaport part runs in the other lines
    const line = command.replaceAll('npx chaport', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`);
    // Spawned, not spawnSync: the sandbox answering it lives in this process.
    const child = spawn('bash', ['-o', 'pipefail', '-c', line], {
      cwd,
      env: { PATH: process.env['PATH'], CHAPORT_BASE_URL: sandbox.baseUrl, CHAPORT_API_TOKEN: sandbox.token },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('internal error');
    expect(status, `${command}\n${stderr}`).toBe(/\bfails\b/.test(comment) ? 2 : 0);
  });
});

describe("the actions' documented examples", () => {
  it.each(builtinSource().actions().map((action) => [action.key, action]))('%s: its example input runs against a fresh sandbox', async (_key, action) => {
    const sandbox = await startSandbox({ visitors: 5 });
    try {
      const connector = createConnector({ baseUrl: sandbox.baseUrl, token: sandbox.token, env: {}, retry: { limit: 0 } });
      const result = await connector.runDynamic(action.key, action.example.input);
      expect(result.status).toBeLessThan(300);
      // As `describe` prints it: the same command, run by the CLI.
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'describe', action.key], { encoding: 'utf8' });
      const printed = /chaport run .*$/m.exec(stdout)?.[0] as string;
      expect(printed).toBe(`chaport run ${action.key} --input '${JSON.stringify(action.example.input)}'`);
    } finally {
      await sandbox.stop();
    }
  });
});
