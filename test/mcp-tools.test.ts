import { describe, expect, it } from 'vitest';
import { builtinSource } from '../src/builtin-catalogue.js';
import type { JsonSchema } from '../src/catalogue/types.js';
import { createConnector } from '../src/connector.js';
import { instructionsFor, listedTools, type McpOptions } from '../src/mcp/server.js';
import { publishedInputSchema } from '../src/mcp/published-schema.js';
import { checkSelection, notOfferedBecause, toolFor } from '../src/mcp/tools.js';

const source = builtinSource();
const catalogue = { connector: createConnector({ env: {} }), intentIndex: () => source.intentIndex(), version: '0.0.0-test' };
const DEFAULTS: McpOptions = { mode: 'tools', maxResultChars: 20_000 };
const names = (options: Partial<McpOptions>): string[] => listedTools(catalogue, { ...DEFAULTS, ...options }).map((tool) => tool.name);

/** Every node of a schema, with its JSON Pointer. */
function* nodes(node: unknown, path = ''): Generator<[string, unknown]> {
  yield [path, node];
  if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) yield* nodes(value, `${path}/${key}`);
  }
}

describe('the tools/list of chaport mcp', () => {
  it('matches the committed snapshot (update it on purpose with `vitest -u` when the catalogue changes)', async () => {
    const document = { instructions: instructionsFor(catalogue, DEFAULTS), tools: listedTools(catalogue, DEFAULTS) };
    await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot('./snapshots/mcp-tools.json');
    const search = { instructions: instructionsFor(catalogue, { ...DEFAULTS, mode: 'search' }), tools: listedTools(catalogue, { ...DEFAULTS, mode: 'search', allowDestructive: true }) };
    await expect(`${JSON.stringify(search, null, 2)}\n`).toMatchFileSnapshot('./snapshots/mcp-search-tools.json');
  });

  it('stays under 20,000 characters for the default set of tools', () => {
    expect(JSON.stringify({ tools: listedTools(catalogue, DEFAULTS) }).length).toBeLessThan(20_000);
  });

  it('publishes for every action a flat object schema: no $ref, no $defs, no combinator or condition at the root', () => {
    for (const action of source.actions()) {
      const schema = toolFor(action, 'Chaport').inputSchema;
      expect(schema.type, action.key).toBe('object');
      for (const keyword of ['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else', 'not', '$defs', '$schema']) expect(schema, `${action.key} ${keyword}`).not.toHaveProperty(keyword);
      for (const [path, node] of nodes(schema)) {
        if (node !== null && typeof node === 'object') expect(Object.keys(node), `${action.key}${path}`).not.toContain('$ref');
      }
    }
  });

  it('annotates reads as read-only, writes as non-destructive with their idempotency, and deletes as destructive', () => {
    for (const action of source.actions()) {
      const { annotations } = toolFor(action, 'Chaport');
      if (action.effect === 'read') expect(annotations, action.key).toEqual({ readOnlyHint: true });
      else expect(annotations, action.key).toEqual({ readOnlyHint: false, destructiveHint: action.effect === 'destructive', idempotentHint: action.idempotent });
    }
    expect(toolFor(source.action('send-message'), 'Chaport').annotations.idempotentHint).toBe(false);
    expect(toolFor(source.action('delete-visitor'), 'Chaport').annotations.destructiveHint).toBe(true);
  });

  it("says each tool's side effect and evidence level in its description", () => {
    expect(toolFor(source.action('update-message'), 'Chaport').description).toMatch(/Changes data in Chaport.*Evidence: inferred \(an unconfirmed guess/);
    expect(toolFor(source.action('list-operators'), 'Chaport').description).toContain('Read-only. Evidence: official');
    expect(toolFor(source.action('delete-visitor'), 'Chaport').description).toContain('DESTRUCTIVE');
  });

  it('offers fields on read tools only, and a cursor on every list', () => {
    for (const action of source.actions()) {
      const properties = toolFor(action, 'Chaport').inputSchema['properties'] as Record<string, JsonSchema>;
      expect('fields' in properties, action.key).toBe(action.effect === 'read');
      expect('cursor' in properties, action.key).toBe(action.response.records === true);
    }
  });
});

describe('publishing an input schema', () => {
  it("folds a root oneOf into optional properties and states its rule in words (update-operator-status)", () => {
    const schema = publishedInputSchema(source.action('update-operator-status').inputSchema);
    expect(Object.keys(schema['properties'] as object)).toEqual(['operatorId', 'status', 'ttl', 'validUntil']);
    expect(schema['required']).toEqual(['operatorId', 'status']);
    expect(schema['description']).toContain('Give exactly one of: ttl; validUntil.');
  });

  it('inlines references, merges allOf, and says that root conditions are checked at call time', () => {
    const schema = publishedInputSchema({
      type: 'object',
      $defs: { Name: { type: 'string', minLength: 1 } },
      properties: { name: { $ref: '#/$defs/Name', description: 'Who.' } },
      allOf: [{ properties: { age: { type: 'integer' } }, required: ['age'] }],
      anyOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { type: 'string' } } }],
      if: { required: ['a'] },
      then: { required: ['name'] },
    });
    expect(schema).toEqual({
      type: 'object',
      description: 'The input must also match at least one of 2 alternative shapes (see describe_action or `describe`). Rules across fields are checked on call.',
      properties: { name: { type: 'string', minLength: 1, description: 'Who.' }, age: { type: 'integer' }, a: { type: 'string' }, b: { type: 'string' } },
      required: ['age'],
    });
  });
});

describe('choosing the tools', () => {
  const reads = source.actions().filter((action) => action.effect === 'read').map((action) => action.key);
  const destructive = source.actions().filter((action) => action.effect === 'destructive').map((action) => action.key);

  it('offers reads and writes by default, destructive actions only with --allow-destructive', () => {
    expect(names({})).toHaveLength(source.keys.length - destructive.length);
    for (const key of destructive) expect(names({})).not.toContain(key);
    expect(names({ allowDestructive: true })).toHaveLength(source.keys.length);
  });

  it('offers reads only with --read-only, whatever else is asked', () => {
    expect(names({ readOnly: true, allowDestructive: true, tools: ['get-me', 'send-message', 'delete-visitor'] })).toEqual(['get-me']);
    expect(names({ readOnly: true })).toEqual(reads);
  });

  it('offers only the chosen tools, minus the excluded ones', () => {
    expect(names({ tools: ['get-me', 'send-message', 'list-visitors'], excludeTools: ['send-message'] })).toEqual(['get-me', 'list-visitors']);
    expect(notOfferedBecause(source.action('send-message'), { excludeTools: ['send-message'] })).toContain('--exclude-tools');
  });

  it('refuses at start a tool name that does not exist, and a destructive one named without --allow-destructive', () => {
    const action = (key: string) => source.action(key);
    expect(() => checkSelection({ tools: ['get-visiter'] }, action)).toThrow(/--tools: Unknown action 'get-visiter'. Did you mean 'get-visitor'/);
    expect(() => checkSelection({ excludeTools: ['nope'] }, action)).toThrow(/--exclude-tools: Unknown action 'nope'/);
    expect(() => checkSelection({ tools: ['delete-visitor'] }, action)).toThrow(/'delete-visitor' is destructive; add --allow-destructive/);
    expect(() => checkSelection({ tools: ['delete-visitor'], allowDestructive: true }, action)).not.toThrow();
    expect(() => checkSelection({ tools: ['delete-visitor'], readOnly: true }, action)).not.toThrow();
  });
});
