/** The agent skill: generated and current, in the Agent Skills format, and every command in it runs. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKILL_TEMPLATE, loadSourceCatalogue, skillFile } from '../scripts/generate.js';
import { renderSkill } from '../scripts/render-skill.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { VERSION } from '../src/version.js';
import { checkBuild } from './helpers/check-build.js';
import { CLI, runCli } from './helpers/cli.js';
import { runDocumented, shellCommands } from './helpers/doc-commands.js';

const catalogue = loadSourceCatalogue();
const path = skillFile(catalogue);
const skill = readFileSync(path, 'utf8');
const [, frontMatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(skill) ?? [];
const meta = parse(frontMatter) as Record<string, unknown>;

describe('the agent skill', () => {
  it('is current: skills/chaport/SKILL.md is what the template and the catalogue make (run `npm run generate` when this fails)', () => {
    expect(skill).toBe(renderSkill(readFileSync(SKILL_TEMPLATE, 'utf8'), catalogue, VERSION));
  });

  it('follows the Agent Skills format: its name is its folder, a description of at most 1,024 characters, a short compatibility, a body under 500 lines', () => {
    expect(meta['name']).toBe(catalogue.manifest.key);
    expect(path.endsWith(`/skills/${meta['name'] as string}/SKILL.md`)).toBe(true);
    expect(meta['name']).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const description = meta['description'] as string;
    expect(description.length).toBeGreaterThan(100);
    expect(description.length).toBeLessThanOrEqual(1024);
    expect(description).toMatch(/Use when/);
    expect((meta['compatibility'] as string).length).toBeLessThanOrEqual(500);
    expect(meta['metadata']).toEqual({ version: VERSION });
    expect(body.split('\n').length).toBeLessThan(500);
  });

  it('covers what an agent needs: install, the token from the environment only, discovery, paging, raw requests, errors, safety, the sandbox, every action', () => {
    for (const heading of ['## Install', '## Authenticate', '## Find the action', '## Lists and paging', '## Raw requests', '## Exit codes and errors', '## Safety', '## Try it safely: the sandbox', '## Actions']) {
      expect(body).toContain(heading);
    }
    expect(body).toContain('Never ask the user to paste the token into the chat');
    expect(body).toMatch(/`send-message`[^\n]*\) are never re-sent automatically/);
    for (const action of catalogue.actions) expect(body).toContain(`| \`${action.key}\` | ${action.effect} | ${action.evidence.level} |`);
    for (const code of ['ERR_INPUT_INVALID', 'ERR_RATE_LIMITED', 'ERR_TOOL_NOT_OFFERED']) expect(body).toContain(code);
  });

  it('is what `chaport skill` prints, and what `--out DIR` writes to DIR/chaport/SKILL.md', async () => {
    expect((await runCli(['skill'])).stdout).toBe(skill);
    const dir = mkdtempSync(join(tmpdir(), 'chaport-skill-'));
    const written = await runCli(['skill', '--out', dir]);
    expect(written.code).toBe(0);
    expect(readFileSync(join(dir, 'chaport', 'SKILL.md'), 'utf8')).toBe(skill);
    expect(written.stderr).toContain(join(dir, 'chaport', 'SKILL.md'));
  });
});

describe('every command in the skill', () => {
  let sandbox: Sandbox;
  const cwd = mkdtempSync(join(tmpdir(), 'chaport-skill-run-'));
  beforeAll(async () => {
    checkBuild();
    sandbox = await startSandbox({ visitors: 120 });
  });
  afterAll(() => sandbox.stop());

  const program = catalogue.manifest.key;
  const commands = shellCommands(body).filter(({ command }) => new RegExp(`(^|\\s)${program}\\s`).test(command));

  it('shows commands to run', () => {
    expect(commands.length).toBeGreaterThan(15);
  });

  it.each(commands.map((entry) => [entry.command, entry]))('runs against the sandbox: %s', async (_title, { command, comment }) => {
    // A server that runs until stopped is checked by parsing its command line (its help), not left running.
    const long = /\b(sandbox|proxy|mcp)\b/.test(command) && command.endsWith('&');
    const line = long ? command.replace(/\s*>.*&$/, ' --help') : command;
    const { status, stderr } = await runDocumented(line, program, CLI, { cwd, env: { CHAPORT_BASE_URL: sandbox.baseUrl, CHAPORT_API_TOKEN: sandbox.token } });
    expect(stderr).not.toContain('internal error');
    expect(status, `${command}\n${stderr}`).toBe(/\bfails\b/.test(comment) ? 2 : 0);
  });
});
