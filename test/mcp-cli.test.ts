import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { PassThrough } from 'node:stream';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { checkBuild } from './helpers/check-build.js';
import { CLI, SENTINEL_TOKEN, TEST_SOURCE, memoryIO, runCli, serveCli } from './helpers/cli.js';

let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ token: SENTINEL_TOKEN });
  env = { CHAPORT_BASE_URL: sandbox.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN };
});
afterAll(() => sandbox.stop());

/** Sends JSON-RPC lines to `chaport mcp` over in-memory stdio and returns every line it wrote, once stdin closes. */
async function speakStdio(args: string[], messages: object[]): Promise<{ code: number; lines: string[]; stderr: string }> {
  const stdin = new PassThrough();
  const memory = memoryIO({ env, stdinStream: stdin });
  const exited = main(['mcp', ...args], memory.io, TEST_SOURCE);
  const replies = (): string[] => memory.stdout().toString('utf8').split('\n').filter(Boolean);
  for (const message of messages) {
    const waitFor = replies().length + ('id' in message ? 1 : 0);
    stdin.write(`${JSON.stringify(message)}\n`);
    while (replies().length < waitFor) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  stdin.end();
  return { code: await exited, lines: replies(), stderr: memory.stderr() };
}

const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };

describe('chaport mcp over stdio', () => {
  it('writes nothing but protocol messages on stdout, logs on stderr, and exits 0 when stdin closes', async () => {
    const { code, lines, stderr } = await speakStdio(['--read-only'], [
      INITIALIZE,
      INITIALIZED,
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get-me', arguments: {} } },
    ]);
    expect(code).toBe(0);
    const messages = lines.map((line) => JSON.parse(line) as { id: number; result: Record<string, unknown> });
    expect(messages.map((message) => message.id)).toEqual([1, 2, 3]);
    expect((messages[0]?.result['instructions'] as string).length).toBeGreaterThan(100);
    expect((messages[1]?.result['tools'] as { annotations: { readOnlyHint: boolean } }[]).every((tool) => tool.annotations.readOnlyHint)).toBe(true);
    expect(messages[2]?.result['isError']).toBeUndefined();
    expect(stderr).toMatch(/serving \d+ tools over stdio/);
    expect(lines.join('\n')).not.toContain(SENTINEL_TOKEN);
  });

  it('serves a real client in a child process (the built binary) against the sandbox', async () => {
    checkBuild();
    const client = new Client({ name: 'host', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], env: { ...env, PATH: process.env['PATH'] ?? '' }, stderr: 'ignore' }));
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(15);
      const result = await client.callTool({ name: 'list-visitors', arguments: { fields: ['id'] } });
      expect((result.structuredContent as { records: object[] }).records.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('refuses a bad switch before serving (exit 2)', async () => {
    expect((await runCli(['mcp', '--mode', 'everything'], { env })).stderr).toContain('--mode must be one of tools, search');
    const destructive = await runCli(['mcp', '--tools', 'get-me,delete-visitor'], { env });
    expect(destructive.code).toBe(2);
    expect(destructive.stderr).toContain("'delete-visitor' is destructive; add --allow-destructive");
    expect((await runCli(['mcp', '--exclude-tools', 'get-mee'], { env })).stderr).toContain("Did you mean 'get-me'");
    for (const nothing of [['--tools', ''], ['--read-only', '--tools', 'create-webhook']]) {
      const none = await runCli(['mcp', ...nothing], { env });
      expect(none.code, nothing.join(' ')).toBe(2);
      expect(none.stderr).toContain('No tool would be offered');
    }
  });
});

/** A raw request to the local server, with any Host and headers (fetch will not send a chosen Host). */
function rawPost(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(JSON.stringify(INITIALIZE));
  });
}

describe('chaport mcp --http', () => {
  it('serves Streamable HTTP at /mcp behind its access key, refusing other hosts and web pages', async () => {
    const served = await serveCli(['mcp', '--http', '--port', '0'], env, 'CHAPORT_MCP_KEY');
    try {
      const url = served.exports['CHAPORT_MCP_URL'] as string;
      const key = served.exports['CHAPORT_MCP_KEY'] as string;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const client = new Client({ name: 'host', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
      expect((await client.callTool({ name: 'get-me', arguments: {} })).isError).toBeFalsy();
      await client.close();

      const missing = await rawPost(url, {});
      expect(missing.status).toBe(401);
      expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'ERR_ACCESS_KEY' } });
      const otherHost = await rawPost(url, { authorization: `Bearer ${key}`, host: 'attacker.example:80' });
      expect(otherHost.status).toBe(403);
      expect(JSON.parse(otherHost.body)).toMatchObject({ error: { code: 'ERR_ORIGIN_REFUSED' } });
      const page = await rawPost(url, { authorization: `Bearer ${key}`, origin: 'https://attacker.example' });
      expect(page.status).toBe(403);
      const fine = await rawPost(url, { authorization: `Bearer ${key}` });
      expect(fine.status).toBe(200);
      expect(fine.body).not.toContain(SENTINEL_TOKEN);
    } finally {
      expect(await served.interrupt()).toBe(0);
    }
  });

  it('takes a chosen key from the environment, never a flag, and refuses a short one', async () => {
    const short = await runCli(['mcp', '--http', '--port', '0'], { env: { ...env, CHAPORT_MCP_KEY: 'short' } });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 16 characters');
  });
});

describe('start-up', () => {
  /** dist/cli.js and every chunk it imports statically, direct or not, with the packages they import. */
  function staticClosure(): { code: string; chunks: number; packages: Set<string> } {
    checkBuild();
    const seen = new Set<string>();
    const packages = new Set<string>();
    let code = '';
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(new URL(file, new URL('../dist/', import.meta.url)), 'utf8');
      code += text;
      // Static imports only: `import x from "y"` and `import "y"`, not `import("y")`, which loads on use.
      for (const match of text.matchAll(/\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g)) {
        const target = match[1] as string;
        if (target.startsWith('./')) visit(target);
        else packages.add(target);
      }
    };
    visit('./cli.js');
    return { code, chunks: seen.size, packages };
  }

  it('does not load the MCP SDK for any other command: no static import of dist/cli.js, direct or not, reaches it', () => {
    const { chunks, packages } = staticClosure();
    expect(chunks).toBeGreaterThan(1);
    expect(packages.size).toBeGreaterThan(0);
    expect([...packages].filter((name) => name.startsWith('@modelcontextprotocol'))).toEqual([]);
    expect(readFileSync(new URL('../dist/cli.js', import.meta.url), 'utf8')).toContain('import("@modelcontextprotocol/server/stdio")');
  });

  it('does not load the export writers or the webhook receiver for any other command', () => {
    const { code } = staticClosure();
    // Booleans, not the code: a failure would print the whole bundle.
    expect(code.includes('--format must be one of'), 'the export command itself is there').toBe(true);
    expect(code.includes('customOutputSchema'), 'the Membrane writer is not').toBe(false);
    expect(code.includes('components/responses/'), 'the OpenAPI writer is not').toBe(false);
    expect(code.includes('No webhook-signature matches'), 'nor the webhook receiver').toBe(false);
    expect(code.includes('delivery differs from its declared payload'), 'nor the listener').toBe(false);
  });
});
