/**
 * For every action of the catalogue: the exact HTTP request the connector sends for a given input, and
 * the exact output it returns for a realistic Chaport reply. Cases live in fixtures/action-cases.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createConnector, type Connector } from '../src/index.js';
import { ACTION_CASES, type ActionCase } from './fixtures/action-cases.js';
import { SENTINEL_TOKEN } from './helpers/cli.js';
import { useLoopbackServer, type RecordedRequest } from './helpers/loopback-server.js';

/** Pairs ordered by name only: the relative order of repeated parameters (eventTypes=a&eventTypes=b) is kept. */
function byName(pairs: readonly [string, string][]): [string, string][] {
  return [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('action requests and outputs', () => {
  const server = useLoopbackServer();
  let connector: Connector;

  beforeAll(() => {
    connector = createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 } });
  });

  it('has a request case for every action in the catalogue', () => {
    const caseKeys = [...new Set(ACTION_CASES.map((testCase) => testCase.key))].sort();
    const catalogueKeys = connector.actions.map((action) => action.key).sort();
    expect(catalogueKeys).toHaveLength(23);
    expect(caseKeys).toEqual(catalogueKeys);
  });

  // Titles are built here and passed through %s: vitest's $key/$title interpolation quotes the values and
  // truncates them at 40 characters, which would cut most behaviour sentences in half.
  const titled = ACTION_CASES.map((testCase): [string, ActionCase] => [`${testCase.key}: ${testCase.title}`, testCase]);

  it.each(titled)('%s', async (_title, testCase) => {
    server.reply(testCase.reply);

    const result = await connector.runDynamic(testCase.key, testCase.input);

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0] as RecordedRequest;
    const wanted = testCase.expect;

    expect(request.method).toBe(wanted.method);
    expect(request.path).toBe(wanted.path);
    expect(byName(request.query)).toEqual(byName(wanted.query ?? []));
    expect(request.headers['authorization']).toBe(`Bearer ${SENTINEL_TOKEN}`);

    if (wanted.body === undefined) {
      expect(request.body).toBe('');
      expect(request.headers['content-type']).toBeUndefined();
    } else {
      expect(request.json).toStrictEqual(wanted.body);
      expect(request.headers['content-type']).toMatch(/^application\/json/);
    }

    expect(result.output).toStrictEqual(testCase.output);
    expect(result.drift).toEqual([]);
    expect(result.status).toBe(testCase.reply.status ?? 200);
    expect(result.attempts).toBe(1);
  });
});
