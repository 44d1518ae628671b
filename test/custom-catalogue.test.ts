import { beforeAll, describe, expect, it } from 'vitest';
import { createConnector, type Catalogue } from '../src/index.js';
import { SENTINEL_TOKEN } from './helpers/cli.js';
import { catalogueWith } from './helpers/custom-catalogue.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

/** An action of the embedder's own, with a free-form identifier (the built-in ones only accept hex ids). */
const LOOKUP_NOTE = `
key: get-note
name: Get note
description: Reads one note by its free-form name.
effect: read
evidence: { level: inferred, sources: [test fixture] }
request:
  method: GET
  path: /notes/{noteId}
  query:
    lang: { $var: input.lang }
inputSchema:
  type: object
  additionalProperties: false
  required: [noteId]
  properties:
    noteId: { type: string, minLength: 1 }
    lang: { type: string }
outputSchema: { type: object }
example: { input: { noteId: welcome } }
`;

describe('a catalogue of your own', () => {
  const server = useLoopbackServer();
  let catalogue: Catalogue;

  beforeAll(() => {
    catalogue = catalogueWith({ 'get-note': LOOKUP_NOTE });
  });

  it('runs its actions, compiling their validators on first use', async () => {
    server.handle(() => ({ body: { result: { text: 'hello' } } }));
    const connector = createConnector({ catalogue, baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {} });
    expect(connector.actions.map((a) => a.key)).toEqual(['get-note']);
    expect((await connector.runDynamic('get-note', { noteId: 'welcome' })).output).toEqual({ text: 'hello' });
    await expect(connector.runDynamic('get-note', { noteId: 'welcome', extra: 1 })).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID' });
  });

  it.each([
    ['a/b', '/api/v1/notes/a%2Fb'],
    ['../../admin', '/api/v1/notes/..%2F..%2Fadmin'],
    ['x?admin=1', '/api/v1/notes/x%3Fadmin%3D1'],
    ['x#frag', '/api/v1/notes/x%23frag'],
    ['%2e%2e', '/api/v1/notes/%252e%252e'],
  ])('sends the identifier %j percent-encoded, as one segment that never changes the path', async (noteId, url) => {
    const connector = createConnector({ catalogue, baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {} });
    await connector.runDynamic('get-note', { noteId });
    expect(server.requests.map((r) => r.url)).toEqual([url]);
  });

  it('refuses an identifier of . or .. and sends nothing', async () => {
    const connector = createConnector({ catalogue, baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {} });
    for (const noteId of ['.', '..']) {
      await expect(connector.runDynamic('get-note', { noteId })).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID' });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('leaves an absent query value out', async () => {
    const connector = createConnector({ catalogue, baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {} });
    await connector.runDynamic('get-note', { noteId: 'a' });
    await connector.runDynamic('get-note', { noteId: 'a', lang: 'en' });
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/notes/a', '/api/v1/notes/a?lang=en']);
  });
});
