import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionExportProperties, DataSchema } from '@membranehq/sdk';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSourceCatalogue } from '../scripts/generate.js';
import { membraneSchema, toMembraneActions } from '../src/export/membrane.js';
import { VERSION } from '../src/version.js';
import { runCli } from './helpers/cli.js';

const catalogue = loadSourceCatalogue();
const specs = toMembraneActions(catalogue, VERSION);

function problems(result: { success: boolean; error?: { message: string } }): string {
  return result.success ? '' : (result.error?.message ?? 'invalid');
}

describe('chaport export --format membrane', () => {
  it("passes the Membrane SDK's own schema for an action export, for every action", () => {
    expect(specs.map((spec) => spec.key)).toEqual(catalogue.actions.map((action) => action.key));
    for (const spec of specs) expect(problems(ActionExportProperties.safeParse(spec)), spec.key).toBe('');
  });

  it("gives every action input, output and reply schemas that Membrane's data schema accepts", () => {
    for (const spec of specs) {
      const config = spec['config'] as { responseSchema: unknown };
      for (const [name, schema] of Object.entries({ inputSchema: spec['inputSchema'], customOutputSchema: spec['customOutputSchema'], responseSchema: config.responseSchema })) {
        expect(problems(DataSchema.safeParse(schema)), `${spec.key} ${name}`).toBe('');
        expect(JSON.stringify(schema), `${spec.key} ${name} has no references`).not.toContain('$ref');
      }
    }
  });

  it('writes the request as a Membrane request mapping over $.input, and the side effect and evidence in meta', () => {
    const byKey = Object.fromEntries(specs.map((spec) => [spec.key, spec]));
    expect(byKey['get-chat']).toMatchObject({
      type: 'api-request-to-external-app',
      config: { request: { method: 'GET', path: '/visitors/{visitorId}/chats/{chatId}', pathParameters: { visitorId: { $var: '$.input.visitorId' }, chatId: { $var: '$.input.chatId' } }, query: { transcript: { $var: '$.input.transcript' } } } },
    });
    // $inputExcept is spelled out: every input field but the id.
    const data = (byKey['update-visitor']!['config'] as { request: { data: Record<string, unknown> } }).request.data;
    expect(Object.keys(data)).not.toContain('visitorId');
    expect(data['notes']).toEqual({ $var: '$.input.notes' });
    for (const action of catalogue.actions) {
      expect(byKey[action.key]!['meta'], action.key).toMatchObject({ effect: action.effect, idempotent: action.idempotent, evidence: action.evidence });
      expect(byKey[action.key], action.key).not.toHaveProperty('isReadOnly');
    }
  });

  it('turns enums of other types into string-free choices Membrane accepts, meaning the same values', () => {
    const runtime = { type: 'object', properties: { rating: { type: 'integer', enum: [1, 2, 3] }, flag: true }, $defs: {} };
    expect(DataSchema.safeParse({ type: 'integer', enum: [1, 2, 3] }).success).toBe(false);
    const exported = membraneSchema(runtime, 'test');
    expect(problems(DataSchema.safeParse(exported))).toBe('');
    const ajv = new Ajv({ strict: false });
    const [before, after] = [ajv.compile(runtime), ajv.compile(exported)];
    for (const value of [{ rating: 1 }, { rating: 3 }, { rating: 4 }, { rating: '1' }, { flag: 'anything' }]) expect(after(value), JSON.stringify(value)).toBe(before(value));
    expect(runtime.properties.rating.enum).toEqual([1, 2, 3]);
  });

  it('writes DIR/actions/<key>/spec.yaml for every action', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'membrane-'));
    const result = await runCli(['export', '--format', 'membrane', '--out', dir]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(readdirSync(join(dir, 'actions')).sort()).toEqual(specs.map((spec) => spec.key));
    for (const spec of specs) expect(parse(readFileSync(join(dir, 'actions', spec.key, 'spec.yaml'), 'utf8'))).toEqual(spec);
  });

  it('needs --out for a folder', async () => {
    const result = await runCli(['export', '--format', 'membrane']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out DIR');
  });

  it("keeps list --json items a superset of Membrane's action listing", async () => {
    const listed = JSON.parse((await runCli(['list', '--json'])).stdout) as { items: Record<string, unknown>[] };
    expect(listed.items).toHaveLength(catalogue.actions.length);
    for (const item of listed.items) {
      expect(Object.keys(item)).toEqual(expect.arrayContaining(['key', 'name', 'description', 'inputSchema', 'outputSchema']));
      expect(typeof item['inputSchema']).toBe('object');
    }
  });
});
