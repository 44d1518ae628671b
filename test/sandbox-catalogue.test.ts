/** The sandbox is made from the catalogue: its routes, base path, envelope and paging are the catalogue's. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnector, loadCatalogue, startSandbox, type Catalogue, type Sandbox } from '../src/index.js';
import { builtinSource } from '../src/builtin-catalogue.js';
import { HANDLERS } from '../src/sandbox/handlers.js';
import { routesFor } from '../src/sandbox/routes.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The project's catalogue, with `edit(file text)` applied to some of its files. */
function editedCatalogue(edits: Record<string, (text: string) => string>): Catalogue {
  const dir = mkdtempSync(join(tmpdir(), 'chaport-sandbox-catalogue-'));
  cpSync(join(root, 'connector'), join(dir, 'connector'), { recursive: true });
  cpSync(join(root, 'actions'), join(dir, 'actions'), { recursive: true });
  cpSync(join(root, 'events'), join(dir, 'events'), { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const before = readFileSync(path, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing`);
    writeFileSync(path, after);
  }
  return loadCatalogue({ connectorDir: join(dir, 'connector'), actionsDir: join(dir, 'actions'), rootDir: dir });
}

const running: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.stop()));
});
async function sandboxOf(catalogue: Catalogue): Promise<Sandbox> {
  const sandbox = await startSandbox({ catalogue, visitors: 7, pageSize: 3 });
  running.push(sandbox);
  return sandbox;
}

describe('the sandbox and the catalogue', () => {
  it("serves exactly the catalogue's method and path pairs, each with a simulation, and simulates nothing else", () => {
    const catalogue = builtinSource().catalogue();
    const routes = routesFor(catalogue.actions);
    const pairs = (list: { method: string; path: string }[]) => list.map(({ method, path }) => `${method} ${path}`).sort();
    expect(pairs(routes.map((route) => ({ method: route.method, path: `/${route.parts.join('/')}` })))).toEqual(
      pairs(catalogue.actions.map((action) => action.request)),
    );
    expect(routes.filter((route) => route.handler === undefined).map((route) => route.action.key)).toEqual([]);
    expect(Object.keys(HANDLERS).sort()).toEqual(catalogue.actions.map((action) => action.key).sort());
  });

  it('takes its base path, envelope key and page parameter from the catalogue, and the connector pages through it', async () => {
    const catalogue = editedCatalogue({
      'connector/connector.yaml': (text) => text.replace(/\/api\/v1/g, '/api/v2').replace('  key: result', '  key: data'),
      'actions/list-visitors.yaml': (text) => text.replace('  param: page', '  param: p').replace('  hasMore: links.next', '  hasMore: paging.next'),
    });
    const sandbox = await sandboxOf(catalogue);
    expect(sandbox.baseUrl).toMatch(/\/api\/v2$/);
    const raw = (await (await fetch(`${sandbox.baseUrl}/visitors?p=2`, { headers: { authorization: `Bearer ${sandbox.token}` } })).json()) as Record<string, unknown>;
    expect(Object.keys(raw).sort()).toEqual(['data', 'paging']);
    expect(raw['paging']).toEqual({ next: '/api/v2/visitors?p=3' });

    const connector = createConnector({ catalogue, baseUrl: sandbox.baseUrl, token: sandbox.token, env: {} });
    const all = await connector.paginateDynamic('list-visitors', {}).collect();
    expect(all).toMatchObject({ complete: true, pages: 3 });
    expect(all.records).toHaveLength(7);
    expect((await connector.runDynamic('get-me', {})).drift).toEqual([]);
  });

  it("takes the credential in the manifest's header or its historic spelling, and pages strictly", async () => {
    const sandbox = await sandboxOf(builtinSource().catalogue());
    const get = (path: string, headers: Record<string, string>) => fetch(`${sandbox.baseUrl}${path}`, { headers });
    expect((await get('/me.json', { authorization: `Bearer ${sandbox.token}` })).status).toBe(200);
    expect((await get('/me.json', { authentication: `Bearer ${sandbox.token}` })).status).toBe(200);
    expect((await get('/me.json', { 'x-token': `Bearer ${sandbox.token}` })).status).toBe(401);
    for (const page of ['01', '0', '-1', 'x']) expect((await get(`/visitors?page=${page}`, { authorization: `Bearer ${sandbox.token}` })).status, page).toBe(400);
  });

  it('answers 501 for an action it has no simulation of, and has no route for an action the catalogue lacks', async () => {
    const catalogue = builtinSource().catalogue();
    const unknown = { ...(catalogue.actions.find((a) => a.key === 'get-me') as Catalogue['actions'][number]) };
    unknown.key = 'get-status';
    unknown.request = { method: 'GET', path: '/status' };
    const withoutMe = { ...catalogue, actions: [...catalogue.actions.filter((a) => a.key !== 'get-me'), unknown] };
    const sandbox = await sandboxOf(withoutMe);
    const get = (path: string) => fetch(`${sandbox.baseUrl}${path}`, { headers: { authorization: `Bearer ${sandbox.token}` } });
    const status = await get('/status');
    expect(status.status).toBe(501);
    expect(await status.json()).toEqual({ error: { code: 'not_implemented', message: 'The sandbox does not simulate get-status.' } });
    expect((await get('/me.json')).status).toBe(404);
  });
});
