import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtinSource } from '../src/builtin-catalogue.js';
import { createConnector } from '../src/connector.js';
import { mcpServerFactory, type McpOptions } from '../src/mcp/server.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { SENTINEL_TOKEN } from './helpers/cli.js';
import { connectClient, resultJson, type CallResult, type TestClient } from './helpers/mcp.js';

const VISITOR = '67db74c36679c4267a1c2af1';
const OPERATOR = '620d7da500ae61646bcf9011';
let sandbox: Sandbox;
const requests: string[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ token: SENTINEL_TOKEN, onRequest: (method, path) => requests.push(`${method} ${path}`) });
});
afterAll(() => sandbox.stop());
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function serve(options: Partial<McpOptions> = {}, era: 'modern' | 'legacy' | 'v1' = 'modern', connectorOptions = {}): Promise<TestClient> {
  const connector = createConnector({ baseUrl: sandbox.baseUrl, token: SENTINEL_TOKEN, env: {}, ...connectorOptions });
  const factory = mcpServerFactory({ connector, intentIndex: () => builtinSource().intentIndex(), version: '0.0.0-test' }, { mode: 'tools', maxResultChars: 20_000, ...options });
  const client = await connectClient(factory, era);
  clients.push(client);
  return client;
}

/** Every text a result carries, to look for the token in. */
const everything = (result: CallResult): string => JSON.stringify(result);

describe('chaport mcp, one tool per action', () => {
  it.each(['modern', 'legacy', 'v1'] as const)('lists and calls the tools for a %s client, with the server instructions', async (era) => {
    const client = await serve({}, era);
    const tools = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('get-visitor');
    expect(client.instructions()).toContain('Ask the user before any tool that changes data');
    const result = await client.call('get-visitor', { visitorId: VISITOR });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.['id']).toBe(VISITOR);
    expect(resultJson(result)).toEqual(result.structuredContent);
  });

  it('returns invalid input as an error result naming the field and the rule, and sends nothing', async () => {
    const client = await serve();
    const before = requests.length;
    const result = await client.call('get-visitor', { visitorId: 'not-an-id', extra: 1 });
    expect(result.isError).toBe(true);
    const { error } = resultJson(result) as { error: { code: string; issues: { path: string; rule: string }[] } };
    expect(error.code).toBe('ERR_INPUT_INVALID');
    expect(error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/visitorId', rule: 'pattern' }), expect.objectContaining({ rule: 'additionalProperties' })]));
    expect(requests.length).toBe(before);
  });

  it('keeps the strict rule a published schema only describes (exactly one of ttl and validUntil)', async () => {
    const client = await serve();
    const before = requests.length;
    const both = await client.call('update-operator-status', { operatorId: OPERATOR, status: 'away', ttl: 60, validUntil: '2030-01-01T00:00:00Z' });
    expect((resultJson(both) as { error: { code: string } }).error.code).toBe('ERR_INPUT_INVALID');
    expect(requests.length).toBe(before);
    const one = await client.call('update-operator-status', { operatorId: OPERATOR, status: 'away', ttl: 60 });
    expect(one.isError).toBeFalsy();
  });

  it('reports API failures as error results with the error code, and never the token', async () => {
    const client = await serve();
    const missing = await client.call('get-visitor', { visitorId: 'ffffffffffffffffffffffff' });
    expect(missing.isError).toBe(true);
    expect((resultJson(missing) as { error: { code: string; status: number } }).error).toMatchObject({ code: 'ERR_NOT_FOUND', status: 404 });
    const badToken = await serve({}, 'modern', { token: 'wrong-token-0123456789' });
    const refused = await badToken.call('get-me');
    expect((resultJson(refused) as { error: { code: string } }).error.code).toBe('ERR_AUTH');
    for (const result of [missing, refused]) expect(everything(result)).not.toContain(SENTINEL_TOKEN);
  });

  it('gives retryAfterMs with a rate-limit error', async () => {
    const limited = await startSandbox({ token: SENTINEL_TOKEN, rateLimit: 1 });
    try {
      const connector = createConnector({ baseUrl: limited.baseUrl, token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 } });
      const client = await connectClient(mcpServerFactory({ connector, intentIndex: () => builtinSource().intentIndex(), version: '0.0.0-test' }, { mode: 'tools', maxResultChars: 20_000 }), 'modern');
      clients.push(client);
      const results = [await client.call('get-me'), await client.call('get-me'), await client.call('get-me')];
      const error = results.map((result) => (resultJson(result) as { error?: { code: string; retryAfterMs?: number } }).error).find((found) => found !== undefined);
      expect(error).toMatchObject({ code: 'ERR_RATE_LIMITED', retryAfterMs: expect.any(Number) });
    } finally {
      await limited.stop();
    }
  });

  it('does not offer destructive tools by default, and refuses a call to one without sending it', async () => {
    const client = await serve();
    expect((await client.listTools()).map((tool) => tool.name)).not.toContain('delete-visitor');
    const before = requests.length;
    const refused = await client.call('delete-visitor', { visitorId: VISITOR });
    expect(refused.isError).toBe(true);
    expect((resultJson(refused) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'ERR_TOOL_NOT_OFFERED', message: expect.stringContaining('--allow-destructive') });
    expect(requests.length).toBe(before);
    const unknown = await client.call('get-visiter', {});
    expect((resultJson(unknown) as { error: { code: string; suggestions: string[] } }).error).toMatchObject({ code: 'ERR_ACTION_NOT_FOUND', suggestions: ['get-visitor'] });
  });

  it('offers and runs destructive tools with --allow-destructive', async () => {
    const client = await serve({ allowDestructive: true });
    expect((await client.listTools()).find((tool) => tool.name === 'delete-webhook')?.annotations).toMatchObject({ destructiveHint: true });
  });

  it('with --read-only, lists reads only and refuses writes without sending them', async () => {
    const client = await serve({ readOnly: true, allowDestructive: true });
    const tools = await client.listTools();
    expect(tools.every((tool) => tool.annotations?.['readOnlyHint'] === true)).toBe(true);
    const before = requests.length;
    const refused = await client.call('send-message', { visitorId: VISITOR, operatorId: OPERATOR, text: 'hi' });
    expect((resultJson(refused) as { error: { code: string } }).error.code).toBe('ERR_TOOL_NOT_OFFERED');
    expect(requests.length).toBe(before);
  });

  it('with --tools, lists and runs only the chosen tools', async () => {
    const client = await serve({ tools: ['get-me', 'list-visitors'] });
    expect((await client.listTools()).map((tool) => tool.name)).toEqual(['get-me', 'list-visitors']);
    expect((await client.call('get-visitor', { visitorId: VISITOR })).isError).toBe(true);
  });
});

describe('results within a budget', () => {
  it('keeps only the fields asked for, of each record', async () => {
    const client = await serve();
    const page = resultJson(await client.call('list-visitors', { fields: ['id', 'email'] })) as { records: Record<string, unknown>[] };
    expect(page.records.length).toBeGreaterThan(1);
    for (const record of page.records) expect(Object.keys(record).every((key) => key === 'id' || key === 'email')).toBe(true);
  });

  it('truncates a long page with a cursor that resumes right after the last record, across pages, losing and repeating none', async () => {
    const client = await serve({ maxResultChars: 4_000 });
    const expected = [];
    const connector = createConnector({ baseUrl: sandbox.baseUrl, token: SENTINEL_TOKEN, env: {} });
    for await (const record of connector.paginate('list-visitors', {}, { maxRecords: 120 })) expected.push((record as { id: string }).id);

    const seen: string[] = [];
    let cursor: string | undefined;
    let truncations = 0;
    while (seen.length < 120) {
      const result = await client.call('list-visitors', cursor === undefined ? {} : { cursor });
      expect(result.content[0]?.text?.length).toBeLessThanOrEqual(4_000);
      const page = resultJson(result) as { records: { id: string }[]; cursor?: string; truncated?: boolean; remaining?: number };
      if (page.truncated) {
        truncations++;
        expect(page.remaining).toBeGreaterThan(0);
      }
      seen.push(...page.records.map((record) => record.id));
      cursor = page.cursor;
      expect(cursor).toBeDefined();
    }
    expect(truncations).toBeGreaterThan(2);
    expect(seen.slice(0, 120)).toEqual(expected);
  });

  it('refuses a cursor that is neither the API’s nor one it returned, on a list without pages', async () => {
    const client = await serve();
    const result = await client.call('list-operators', { cursor: 'page-2' });
    expect((resultJson(result) as { error: { code: string; issues: { path: string }[] } }).error).toMatchObject({ code: 'ERR_INPUT_INVALID', issues: [expect.objectContaining({ path: '/cursor' })] });
    const forged = await client.call('list-visitors', { cursor: 'resume.!!!' });
    expect((resultJson(forged) as { error: { code: string } }).error.code).toBe('ERR_INPUT_INVALID');
  });

  it('refuses a resume cursor passed to another tool, or with other arguments, instead of skipping records', async () => {
    const client = await serve({ maxResultChars: 1_000 });
    const first = resultJson(await client.call('list-visitors', {})) as { truncated: boolean; cursor: string };
    expect(first.truncated).toBe(true);
    const elsewhere = resultJson(await client.call('list-operators', { cursor: first.cursor })) as { error: { code: string; message: string } };
    expect(elsewhere.error).toMatchObject({ code: 'ERR_INPUT_INVALID', message: expect.stringContaining('belongs to another call') });
    // Other arguments to the same tool: test/mcp-budget.test.ts (the cursor is bound to a hash of them).
    // Asking for other fields is the same call.
    const narrower = resultJson(await client.call('list-visitors', { cursor: first.cursor, fields: ['id'] })) as { records: unknown[] };
    expect(narrower.records.length).toBeGreaterThan(0);
  });
});

describe('chaport mcp --mode search', () => {
  it('offers four tools: search, describe, and running reads and writes apart', async () => {
    const client = await serve({ mode: 'search' });
    expect((await client.listTools()).map((tool) => tool.name)).toEqual(['search_actions', 'describe_action', 'run_read_action', 'run_write_action']);
    const found = resultJson(await client.call('search_actions', { intent: 'reply to a customer', limit: 3 })) as { items: { key: string; score: number }[] };
    expect(found.items[0]?.key).toBe('send-message');
    expect(found.items.length).toBeLessThanOrEqual(3);
    const described = resultJson(await client.call('describe_action', { key: 'list-visitors' })) as { run: string; paged: boolean; input: { properties: Record<string, unknown> } };
    expect(described).toMatchObject({ run: 'run_read_action', paged: true });
    expect(Object.keys(described.input.properties)).toEqual(['cursor']);
    const page = resultJson(await client.call('run_read_action', { key: 'list-visitors', input: {}, fields: ['id'] })) as { records: object[] };
    expect(Object.keys(page.records[0] as object)).toEqual(['id']);
  });

  it('refuses writes through run_read_action and reads through run_write_action, sending nothing', async () => {
    const client = await serve({ mode: 'search' });
    const before = requests.length;
    const write = await client.call('run_read_action', { key: 'send-message', input: { visitorId: VISITOR, operatorId: OPERATOR, text: 'hi' } });
    expect((resultJson(write) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'ERR_TOOL_NOT_OFFERED', message: expect.stringContaining('use run_write_action') });
    const read = await client.call('run_write_action', { key: 'get-me', input: {} });
    expect((resultJson(read) as { error: { code: string } }).error.code).toBe('ERR_TOOL_NOT_OFFERED');
    const destructive = await client.call('run_write_action', { key: 'delete-visitor', input: { visitorId: VISITOR } });
    expect((resultJson(destructive) as { error: { message: string } }).error.message).toContain('--allow-destructive');
    expect(requests.length).toBe(before);
  });

  it('with --read-only, has no run_write_action and finds only reads', async () => {
    const client = await serve({ mode: 'search', readOnly: true });
    expect((await client.listTools()).map((tool) => tool.name)).toEqual(['search_actions', 'describe_action', 'run_read_action']);
    const found = resultJson(await client.call('search_actions', { intent: 'send a message to a visitor' })) as { items: { effect: string }[] };
    expect(found.items.every((item) => item.effect === 'read')).toBe(true);
    const refused = await client.call('run_write_action', { key: 'send-message', input: {} });
    expect((resultJson(refused) as { error: { code: string } }).error.code).toBe('ERR_TOOL_NOT_OFFERED');
  });

  it('says when nothing matches, listing the actions offered, and checks its own arguments', async () => {
    const client = await serve({ mode: 'search', tools: ['get-me', 'list-visitors'] });
    const none = resultJson(await client.call('search_actions', { intent: 'bake a cake' })) as { items: unknown[]; keys: string[] };
    expect(none).toMatchObject({ items: [], keys: ['get-me', 'list-visitors'] });
    const bad = await client.call('search_actions', { intent: '', limit: 100 });
    expect(new Set((resultJson(bad) as { error: { issues: { path: string }[] } }).error.issues.map((issue) => issue.path))).toEqual(new Set(['/intent', '/limit']));
    const fractional = resultJson(await client.call('search_actions', { intent: 'visitors', limit: 2.5 })) as { error: { issues: { path: string; rule: string }[] } };
    expect(fractional.error.issues).toEqual([expect.objectContaining({ path: '/limit', rule: 'type' })]);
    const blank = resultJson(await client.call('search_actions', { intent: '   ' })) as { error: { issues: { path: string; rule: string }[] } };
    expect(blank.error.issues).toEqual([expect.objectContaining({ path: '/intent', rule: 'pattern' })]);
    const unknown = await client.call('describe_action', { key: 'send-message' });
    expect((resultJson(unknown) as { error: { code: string } }).error.code).toBe('ERR_TOOL_NOT_OFFERED');
  });
});
