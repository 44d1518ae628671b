import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSource } from '../src/builtin-catalogue.js';
import { catalogueSource } from '../src/catalogue/source.js';
import type { ActionDefinition } from '../src/catalogue/types.js';
import { main } from '../src/cli/main.js';
import { startSandbox, type Sandbox, type Transport } from '../src/index.js';
import { getOnly } from '../src/verify/get-only.js';
import { looksLikeFieldName, shapeDrift } from '../src/verify/shape-drift.js';
import { memoryIO, runCli, SENTINEL_TOKEN, TEST_SOURCE } from './helpers/cli.js';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from './helpers/loopback-server.js';

interface Report {
  schemaVersion: number;
  verdict: string;
  requests: { sent: number; budget: number };
  actions: { action: string; outcome: string; envelope?: boolean; code?: string; status?: number; reason?: string; list?: { pageSize: number; secondPage?: string }; members?: Record<string, boolean>; drift?: Record<string, { path: string; type?: string; expected?: string; actual?: string; count?: number; of?: number }[]> & { undeclaredNotShown?: number } }[];
}
const reportOf = (stdout: string): Report => JSON.parse(stdout) as Report;
const READS = builtinSource().actions().filter((action) => action.effect === 'read').map((action) => action.key).sort();

describe('chaport verify against the sandbox', () => {
  let sandbox: Sandbox;
  const methods: string[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ visitors: 60, token: SENTINEL_TOKEN, onRequest: (method) => methods.push(method) });
  });
  afterAll(() => sandbox.stop());

  it('reports every read action as matching, with GETs only, within its budget, and exits 0', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'verify-')), 'report.md');
    const result = await runCli(['verify', '--json', '--report', file], { env: { CHAPORT_BASE_URL: sandbox.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN } });
    expect(result.code).toBe(0);
    const report = reportOf(result.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, verdict: 'match' });
    expect(report.actions.map((action) => action.action).sort()).toEqual(READS);
    expect(report.actions.every((action) => action.outcome === 'ok' && action.envelope === true)).toBe(true);
    expect(new Set(methods)).toEqual(new Set(['GET']));
    expect(report.requests.sent).toBe(methods.length);
    expect(report.requests.sent).toBeLessThanOrEqual(report.requests.budget);
    const visitors = report.actions.find((action) => action.action === 'list-visitors');
    expect(visitors).toMatchObject({ members: { 'links.next': true }, list: { pageSize: 50, secondPage: 'differs' } });
    const markdown = readFileSync(file, 'utf8');
    expect(markdown).toContain('| `get-visitor-last-chat` | client | ok | 200 |');
    expect(markdown).toContain('All 11 read actions reached match the catalogue');
  });

  it('prints a table and a one-line verdict without --json', async () => {
    const result = await runCli(['verify'], { env: { CHAPORT_BASE_URL: sandbox.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^action\s+result\s+status\s+notes\n/);
    expect(result.stdout).toMatch(/\nget-me\s+ok\s+200/);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^All 11 read actions reached match the catalogue/);
  });

  it('stops at --max-requests and says which actions it skipped', async () => {
    const result = await runCli(['verify', '--json', '--max-requests', '3'], { env: { CHAPORT_BASE_URL: sandbox.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN } });
    const report = reportOf(result.stdout);
    expect(report.requests.sent).toBe(3);
    expect(report.actions.filter((action) => action.outcome === 'skipped').length).toBeGreaterThan(0);
    expect(report.verdict).toBe('incomplete');
    expect(result.code).toBe(1);
  });
});

describe('chaport verify against an API that differs from the catalogue', () => {
  let api: LoopbackServer;
  /** Replies full of recognisable personal data, with fields renamed, dropped, added and retyped. */
  const PERSON = { id: '5f3a9c1e5b7d2a0c4e6f8a1b', fullName: 'Zelda Quixote-Marlowe', phone: 4915112345678, favouriteColour: 'ultramarine', email: 'zelda.quixote@example.org', notes: 'allergic to penicillin', custom: { 'zelda.quixote@example.org': 'vip' }, ZeldaQuixote: true, Penicillin_allergy: 'yes', 'zelda@example.org': 1, '5f3a9c1e5b7d2a0c4e6f8a1e': 2 };
  const VISITOR_IDS = ['5f3a9c1e5b7d2a0c4e6f8a1b', '5f3a9c1e5b7d2a0c4e6f8a1c', '5f3a9c1e5b7d2a0c4e6f8a1d'];
  const OPERATOR = { id: '620d7da500ae61646bcf9011', email: 'bartholomew.operator@example.org', name: 'Bartholomew Ng', role: 'admin', lastLoginAt: 'yesterday' };
  const CHAT = { id: 77, stage: 'closed', events: [{ id: 1, type: 'visitor-message', params: { text: 'my card number is 4111 1111 1111 1111' } }] };
  const routes: [RegExp, () => unknown][] = [
    [/\/me\.json$/, () => ({ result: { id: OPERATOR.id, email: OPERATOR.email } })],
    [/\/operators$/, () => ({ result: [OPERATOR, { ...OPERATOR, id: '620d7da500ae61646bcf9012' }, { ...OPERATOR, id: '620d7da500ae61646bcf9013' }] })],
    [/\/operators\/[^/]+$/, () => ({ operator: OPERATOR })],
    [/\/visitors$/, () => ({ result: VISITOR_IDS.map((id) => ({ ...PERSON, id })) })],
    [/\/visitors\/[^/]+$/, () => ({ result: PERSON })],
    // Only the third visitor has a chat: verify must try the others first.
    [/\/visitors\/5f3a9c1e5b7d2a0c4e6f8a1d\/chats$/, () => ({ result: CHAT })],
    [/\/chats\/\d+$/, () => ({ result: CHAT })],
    [/\/chats\/\d+\/events$/, () => ({ result: CHAT.events })],
    [/\/events\/\d+$/, () => ({ result: CHAT.events[0] })],
    [/\/events\/subscriptions$/, () => ({ status: 403 })],
  ];
  beforeAll(async () => {
    api = await startLoopbackServer();
    api.handle((request: RecordedRequest) => {
      const route = routes.find(([pattern]) => pattern.test(request.path));
      const body = route?.[1]() as { status?: number } | undefined;
      if (body?.status !== undefined) return { status: body.status, body: { error: 'forbidden' } };
      return route === undefined ? { status: 404, body: { error: 'no' } } : { body };
    });
  });
  afterAll(() => api.close());
  const verify = (args: string[] = []) => runCli(['verify', '--json', ...args], { env: { CHAPORT_BASE_URL: api.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN } });

  it('reports each renamed, dropped, added and retyped field, a missing envelope, and exits 1', async () => {
    const result = await verify();
    expect(result.code).toBe(1);
    const report = reportOf(result.stdout);
    expect(report.verdict).toBe('failed');
    const of = (key: string) => report.actions.find((action) => action.action === key)!;
    const visitors = of('list-visitors').drift!;
    // Renamed (name -> fullName) and dropped (sourceHost): declared fields absent from every record.
    expect(visitors['absent']).toEqual(expect.arrayContaining([{ path: 'records[].name', count: 3, of: 3 }, { path: 'records[].sourceHost', count: 3, of: 3 }]));
    expect(visitors['undeclared']).toEqual([expect.objectContaining({ path: 'records[].favouriteColour', type: 'string', count: 3 }), expect.objectContaining({ path: 'records[].fullName', type: 'string', count: 3 })]);
    // Keys shaped like data are counted, never shown.
    expect(visitors.undeclaredNotShown).toBe(4);
    expect(visitors['types']).toEqual([expect.objectContaining({ path: 'records[].phone', expected: 'string|null', actual: 'integer' })]);
    expect(of('list-operators').drift!['formats']).toEqual([expect.objectContaining({ path: 'records[].lastLoginAt', format: 'date-time' })]);
    expect(of('get-operator')).toMatchObject({ outcome: 'drift', envelope: false });
    // The visitor with a chat was found among the candidates, so the chat's actions ran.
    expect(of('get-visitor-last-chat')).toMatchObject({ outcome: 'ok' });
    expect(of('get-chat-event').outcome).not.toBe('skipped');
    // A 403 on one endpoint is that endpoint's failure, not the token's.
    expect(of('list-webhooks')).toMatchObject({ outcome: 'unreachable', status: 403, code: 'ERR_AUTH' });
    expect(of('get-webhook')).toMatchObject({ outcome: 'skipped' });
    expect(new Set(api.requests.map((request) => request.method))).toEqual(new Set(['GET']));
  });

  it('lets no personal data, id or token into any form of the report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verify-'));
    const json = (await verify(['--report', join(dir, 'r.md')])).stdout;
    const table = (await runCli(['verify'], { env: { CHAPORT_BASE_URL: api.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN } })).stdout;
    const everything = [json, table, readFileSync(join(dir, 'r.md'), 'utf8')].join('\n');
    for (const secret of ['Zelda', 'Quixote', 'zelda.quixote', 'zelda@', 'penicillin', 'Penicillin', 'ultramarine', '4111', '4915112345678', 'Bartholomew', 'bartholomew', '5f3a9c1e5b7d2a0c', '620d7da500ae61646bcf9011', SENTINEL_TOKEN, 'yesterday', 'vip']) {
      expect(everything, secret).not.toContain(secret);
    }
  });

  it('stops at a refused token and exits 3', async () => {
    const refusing = await startLoopbackServer();
    refusing.handle(() => ({ status: 401, body: { error: 'unauthorized' } }));
    try {
      const result = await runCli(['verify', '--json'], { env: { CHAPORT_BASE_URL: refusing.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN } });
      expect(result.code).toBe(3);
      expect(reportOf(result.stdout).verdict).toBe('auth');
      expect(refusing.requests).toHaveLength(1);
    } finally {
      await refusing.close();
    }
  });
});

describe('what verify sends', () => {
  it('is GET only, even with a catalogue whose read actions would send other methods', async () => {
    const api = await startLoopbackServer();
    try {
      const builtin = builtinSource();
      const tampered = builtin.actions().map((action): ActionDefinition => (action.key === 'get-me' ? { ...action, request: { ...action.request, method: 'DELETE' } } : action.key === 'list-operators' ? { ...action, request: { ...action.request, method: 'POST' } } : action));
      const source = catalogueSource({ ...builtin.catalogue(), manifest: TEST_SOURCE.manifest, actions: tampered });
      const memory = memoryIO({ env: { CHAPORT_BASE_URL: api.baseUrl, CHAPORT_API_TOKEN: 'x' } });
      expect(await main(['verify', '--json'], memory.io, source)).toBe(1);
      expect(api.requests.length).toBeGreaterThan(0);
      expect(new Set(api.requests.map((request) => request.method))).toEqual(new Set(['GET']));
      const report = reportOf(memory.stdout().toString('utf8'));
      expect(report.actions.filter((action) => action.outcome === 'refused').map((action) => action.action).sort()).toEqual(['get-me', 'list-operators']);
    } finally {
      await api.close();
    }
  });

  it('refuses any other method in its transport before a byte leaves, and pauses between requests', async () => {
    const sent: string[] = [];
    const pauses: number[] = [];
    const inner: Transport = async (request) => {
      sent.push(request.method);
      return { ok: true, response: { status: 200, statusText: 'OK', headers: {}, body: new Uint8Array() } };
    };
    const guard = getOnly(inner, { maxRequests: 2, pauseMs: 250, sleep: async (ms) => void pauses.push(ms) });
    await expect(guard.transport({ method: 'POST', url: 'http://x/', headers: {} })).rejects.toMatchObject({ code: 'ERR_REQUEST_REFUSED' });
    await guard.transport({ method: 'GET', url: 'http://x/', headers: {} });
    await guard.transport({ method: 'GET', url: 'http://x/', headers: {} });
    await expect(guard.transport({ method: 'GET', url: 'http://x/', headers: {} })).rejects.toMatchObject({ code: 'ERR_BUDGET_SPENT' });
    expect(sent).toEqual(['GET', 'GET']);
    expect(pauses).toEqual([250]);
  });
});

describe('field drift', () => {
  it('shows an undeclared key only when it is shaped like a field name and recurs; it never looks inside a free-form object', () => {
    expect(['favouriteColour', 'last_seen_at', 'os'].every(looksLikeFieldName)).toBe(true);
    expect(['zelda@example.org', '5f3a9c1e5b7d2a0c', 'order 4711', 'ZeldaQuixote', 'Penicillin_allergy', 'a1234'].some(looksLikeFieldName)).toBe(false);
    const schema = { type: 'object', properties: { custom: { type: 'object' }, id: { type: 'string' } } };
    const once = shapeDrift({ id: 'a', custom: { 'zelda@example.org': 1 }, colour: 'red' }, schema);
    expect([once.undeclared, once.undeclaredNotShown]).toEqual([[], 1]);
    const lists = { type: 'array', items: schema };
    const twice = shapeDrift([{ id: 'a', colour: 'red' }, { id: 'b', colour: 'blue' }], lists);
    expect(twice.undeclared).toEqual([{ path: '[].colour', type: 'string', count: 2 }]);
  });

  it('takes the type of an allOf schema from its members, so an empty reply is no match', () => {
    const schema = { allOf: [{ $ref: '#/$defs/Chat' }], $defs: { Chat: { type: 'object', properties: { id: { type: 'integer' } } } } };
    expect(shapeDrift(null, schema).types).toEqual([{ path: '(root)', expected: 'object', actual: 'null', count: 1 }]);
  });
});
