/** Every command the README shows, and every action's documented example, runs as written against the sandbox. */
import { execFile, spawnSync } from 'node:child_process';
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
import { runDocumented, shellCommands, type DocumentedCommand } from './helpers/doc-commands.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

const readmeCommands = (): DocumentedCommand[] => shellCommands(readme);

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
  // `export …` (the test sets the environment), and the long-running sandbox, proxy and listen (with
  // the webhooks sent to it), whose commands are tested as processes elsewhere (as is the curl
  // through the proxy).
  const commands = readmeCommands().filter(({ command }) => {
    if (/chaport (sandbox|proxy|listen|webhooks)\b/.test(command)) return false;
    return command.includes('npx chaport') || /^(echo|printf) .*> \S+$/.test(command);
  });

  it('shows commands to run', () => {
    expect(commands.filter(({ command }) => command.includes('npx chaport')).length).toBeGreaterThan(25);
  });

  it.each(commands.map((entry) => [entry.command, entry]))('runs: %s', async (_title, { command, comment }) => {
    if (command.includes('| jq') && !hasJq) return; // jq is not on this machine; the chaport part runs in the other lines
    const { status, stderr } = await runDocumented(command, 'npx chaport', CLI, { cwd, env: { CHAPORT_BASE_URL: sandbox.baseUrl, CHAPORT_API_TOKEN: sandbox.token } });
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
