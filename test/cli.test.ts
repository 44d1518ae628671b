import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnyCommand, OptionSpec, OptionTable } from '../src/cli/command.js';
import { COMMANDS, checkCommands } from '../src/cli/commands/index.js';
import { SENTINEL_TOKEN, runCli } from './helpers/cli.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

const VISITOR = '67db74c36679c4267a1c2af1';
const server = useLoopbackServer();
let env: Record<string, string>;

beforeAll(() => {
  env = { CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN };
});
beforeEach(() => {
  server.handle(() => ({ body: { result: { id: VISITOR, name: 'Ada' } } }));
});

describe('chaport', () => {
  it('prints usage with --help and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('chaport run <key>');
    expect(result.stderr).toBe('');
  });

  it.each(COMMANDS.map((command) => [command.name]))('prints the help of %s for "<command> --help" and for "help <command>"', async (name) => {
    const flag = await runCli([name, '--help']);
    const topic = await runCli(['help', name]);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toContain(`Usage: chaport ${name}`);
    expect(topic.stdout).toBe(flag.stdout);
    expect(flag.stdout).not.toContain('Exit codes:');
  });

  it('prints the command help for --help after a positional, and help on the topic where the command has topics', async () => {
    const describeHelp = await runCli(['describe', 'get-me', '--help']);
    expect(describeHelp.code).toBe(0);
    expect(describeHelp.stdout).toContain('Usage: chaport describe');
    expect((await runCli(['request', '/visitors', '--help'])).stdout).toContain('Usage: chaport request');
    const topic = await runCli(['run', 'get-me', '--help']);
    expect(topic.stdout).toContain('get-me');
    expect(topic.stdout).toContain('Evidence:');
    expect((await runCli(['help', 'run', 'get-me'])).stdout).toBe(topic.stdout);
  });

  it('prints usage on stderr and exits 2 when run without a command', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage:');
  });

  it('exits 2 with a suggestion for an unknown command, also after help', async () => {
    for (const args of [['lsit'], ['help', 'lsit']]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("Did you mean 'list'?");
      expect(result.stdout).toBe('');
    }
  });

  it('exits 2 for an unknown option, naming it', async () => {
    const result = await runCli(['list', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--frobnicate');
  });

  it('reports an extra or a missing positional once, for every command, naming it', async () => {
    const extra = await runCli(['list', 'surplus']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toBe("chaport: error: Unexpected argument 'surplus'. Run 'chaport list --help' for usage.\n");
    const missing = await runCli(['describe']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing <key>');
    expect((await runCli(['request'])).stderr).toContain('Missing <path>');
  });

  it('prints a usage error as JSON when the arguments ask for --json, even if they fail to parse or name no command', async () => {
    for (const args of [['run', 'get-me', '--bogus', '--json'], ['lsit', '--json']]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'ERR_USAGE' } });
    }
    expect((await runCli(['request', '/x', '--bogus', '--json'])).stdout).toBe('');
  });

  it('gives a short flag one meaning: -i is --include on request and unknown on run', async () => {
    const result = await runCli(['run', 'get-me', '-i', '{}']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'-i'");
  });
});

describe('the command table', () => {
  it('shows every option of every command in its help, with its description and default', async () => {
    for (const command of COMMANDS) {
      const { stdout } = await runCli(['help', command.name]);
      for (const [name, spec] of Object.entries(command.options as Record<string, OptionSpec>)) {
        expect(stdout, `${command.name} --${name}`).toContain(`--${name}`);
        expect(stdout.replace(/\s+/g, ' '), `${command.name} --${name}`).toContain(spec.description.split(' ').slice(0, 4).join(' '));
        if (spec.type !== 'boolean' && spec.default !== undefined) expect(stdout).toContain(`(default ${spec.default})`);
        if (spec.short !== undefined) expect(stdout).toContain(`-${spec.short}, --${name}`);
      }
    }
  });

  it('refuses a short flag with two meanings, a second -h, and --json errors without a --json flag', () => {
    const command = (name: string, options: OptionTable, jsonErrors = false): AnyCommand => ({
      name, summary: '', usage: [], description: '', positionals: [], options, jsonErrors, run: async () => 0,
    });
    expect(() => checkCommands([command('a', { input: { type: 'string', short: 'i', description: '' } }), command('b', { include: { type: 'boolean', short: 'i', description: '' } })])).toThrow(
      /-i would mean --include, but it means --input elsewhere/,
    );
    expect(() => checkCommands([command('a', { hosts: { type: 'string', short: 'h', description: '' } })])).toThrow(/-h would mean --hosts/);
    expect(() => checkCommands([command('a', {}, true)])).toThrow(/needs a boolean --json/);
    expect(checkCommands(COMMANDS)).toBe(COMMANDS);
  });

  it('parses typed option values with their ranges and defaults', async () => {
    expect((await runCli(['sandbox', '--port', '70000'])).stderr).toContain('--port takes a whole number from 0 to 65535');
    expect((await runCli(['sandbox', '--failure-rate', 'often'])).stderr).toContain('--failure-rate takes a number from 0 to 1');
  });
});

describe('chaport list', () => {
  it('prints every action with its effect and evidence', async () => {
    const result = await runCli(['list']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(24);
    expect(result.stdout).toMatch(/send-message\s+write\s+client/);
    expect(result.stdout).toMatch(/update-message\s+write\s+inferred/);
  });

  it('prints {"items": [...]} with schemas under --json', async () => {
    const result = await runCli(['list', '--json']);
    const { items } = JSON.parse(result.stdout) as { items: Record<string, unknown>[] };
    expect(items).toHaveLength(23);
    for (const item of items) {
      expect(Object.keys(item)).toEqual(expect.arrayContaining(['key', 'name', 'description', 'inputSchema', 'outputSchema']));
    }
  });

  it('ranks actions by relevance to --intent, each with its score, best first', async () => {
    const reply = JSON.parse((await runCli(['list', '--intent', 'reply to a visitor', '--json'])).stdout) as { items: { key: string; score: number }[] };
    expect(reply.items[0]?.key).toBe('send-message');
    const scores = reply.items.map((item) => item.score);
    expect(scores.every((score) => typeof score === 'number' && score > 0)).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const hooks = JSON.parse((await runCli(['list', '--intent', 'remove webhook subscription', '--json'])).stdout) as { items: { key: string }[] };
    expect(hooks.items[0]?.key).toBe('delete-webhook');
  });

  it('says so when no action matches --intent', async () => {
    const result = await runCli(['list', '--intent', 'bake a cake', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ items: [] });
    expect(result.stderr).toContain('no action matches "bake a cake"');
  });
});

describe('chaport describe', () => {
  it('shows what the action does, its evidence, fields, output schema and an example', async () => {
    const result = await runCli(['describe', 'get-visitor']);
    expect(result.code).toBe(0);
    for (const text of ['GET /visitors/{visitorId}', 'Evidence:  client', 'visitorId', 'required', 'Output schema:', "chaport run get-visitor --input '{\"visitorId\":"]) {
      expect(result.stdout).toContain(text);
    }
  });

  it('says when an endpoint is an unverified guess', async () => {
    const result = await runCli(['describe', 'update-message']);
    expect(result.stdout).toContain('Evidence:  inferred (unverified guess');
  });

  it('suggests the nearest key for an unknown action and exits 2', async () => {
    const result = await runCli(['describe', 'send-mesage']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Did you mean 'send-message'?");
  });

  it('prints an unknown action as a --json error with the suggestions', async () => {
    const result = await runCli(['describe', 'send-mesage', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: expect.objectContaining({ code: 'ERR_ACTION_NOT_FOUND', key: 'send-mesage', suggestions: ['send-message'] }),
    });
  });
});

describe('chaport run', () => {
  it('prints the output JSON on stdout and nothing else', async () => {
    const result = await runCli(['run', 'get-visitor', '--input', JSON.stringify({ visitorId: VISITOR })], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: VISITOR, name: 'Ada' });
    expect(result.stderr).toBe('');
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${SENTINEL_TOKEN}`);
  });

  it('reads --input from a file and from standard input', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chaport-cli-')), 'input.json');
    writeFileSync(file, JSON.stringify({ visitorId: VISITOR }));
    expect((await runCli(['run', 'get-visitor', '--input', `@${file}`], { env })).code).toBe(0);
    expect((await runCli(['run', 'get-visitor', '--input', '-'], { env, stdin: JSON.stringify({ visitorId: VISITOR }) })).code).toBe(0);
    expect(server.requests).toHaveLength(2);
  });

  it('exits 2 on input that is not JSON, and sends nothing', async () => {
    const result = await runCli(['run', 'get-visitor', '--input', '{visitorId:'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not valid JSON');
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['an unknown field', { visitorId: VISITOR, bogus: 1 }, 'input.bogus is not a known field'],
    ['a wrong type', { visitorId: 5 }, 'input.visitorId must be of type string'],
    ['a missing identifier', {}, 'input.visitorId is required'],
    ['an identifier containing /', { visitorId: 'a/b' }, 'input.visitorId must match the pattern'],
    ['an identifier containing ?', { visitorId: 'a?b=1' }, 'input.visitorId must match the pattern'],
    ['an identifier containing #', { visitorId: 'a#b' }, 'input.visitorId must match the pattern'],
    ['an identifier containing ..', { visitorId: '../operators' }, 'input.visitorId must match the pattern'],
  ])('exits 2 on %s, naming the field and rule, and sends nothing', async (_title, input, text) => {
    const result = await runCli(['run', 'get-visitor', '--input', JSON.stringify(input)], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(text);
    expect(result.stdout).toBe('');
    expect(server.requests).toHaveLength(0);
  });

  it('prints a --json error with its code on stdout as well as text on stderr', async () => {
    const result = await runCli(['run', 'get-visitor', '--input', '{}', '--json'], { env });
    expect(result.code).toBe(2);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string; issues: unknown[] } };
    expect(error.code).toBe('ERR_INPUT_INVALID');
    expect(error.issues).toEqual([expect.objectContaining({ path: '/visitorId', rule: 'required' })]);
    expect(result.stderr).toContain('input.visitorId is required');
  });

  it.each([
    [401, 3, 'ERR_AUTH'],
    [403, 3, 'ERR_AUTH'],
    [404, 4, 'ERR_NOT_FOUND'],
    [400, 1, 'ERR_HTTP'],
  ])('exits with the design.md code when Chaport answers %i', async (status, code, errorCode) => {
    server.handle(() => ({ status, body: { error: 'no' } }));
    const result = await runCli(['run', 'get-visitor', '--input', JSON.stringify({ visitorId: VISITOR }), '--json'], { env });
    expect(result.code).toBe(code);
    expect((JSON.parse(result.stdout) as { error: { code: string } }).error.code).toBe(errorCode);
  });

  it('exits 3 and says how to set a token when none is configured', async () => {
    const result = await runCli(['run', 'get-me'], { env: { CHAPORT_BASE_URL: server.baseUrl } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('export CHAPORT_API_TOKEN=');
    expect(server.requests).toHaveLength(0);
  });

  it('exits 1 when Chaport cannot be reached', async () => {
    const result = await runCli(['run', 'get-me'], { env: { CHAPORT_BASE_URL: 'http://127.0.0.1:9/api/v1', CHAPORT_API_TOKEN: SENTINEL_TOKEN } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ECONNREFUSED');
  });

  it('exits 2 for an unknown region', async () => {
    const result = await runCli(['run', 'get-me'], { env: { CHAPORT_REGION: 'mars', CHAPORT_API_TOKEN: SENTINEL_TOKEN } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown region 'mars'");
  });

  it('warns on stderr about drift and still prints the output', async () => {
    server.handle(() => ({ body: { result: { id: VISITOR, email: 42 } } }));
    const result = await runCli(['run', 'get-visitor', '--input', JSON.stringify({ visitorId: VISITOR })], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: VISITOR, email: 42 });
    expect(result.stderr).toContain('warning: the reply of get-visitor does not match its output schema');
    expect(result.stderr).toContain('output.email must be of type string or null');
  });

  it('exits 1 with ERR_BAD_RESPONSE when a read is answered 200 by an HTML page, quoting a scrubbed excerpt', async () => {
    server.handle(() => ({ body: `<html>Please sign in (${SENTINEL_TOKEN})</html>`, headers: { 'content-type': 'text/html' } }));
    const result = await runCli(['run', 'get-me', '--json'], { env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'ERR_BAD_RESPONSE', status: 200, contentType: 'text/html', body: '<html>Please sign in ([REDACTED])</html>' } });
    expect(result.stderr).toContain('answered 200 with a body that is not JSON (text/html)');
  });

  it('describes the action for run <key> --help', async () => {
    const result = await runCli(['run', 'send-message', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('never re-sent once it may have reached Chaport');
  });
});
