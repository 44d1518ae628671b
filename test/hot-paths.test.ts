/** What keeps start-up and requests lean: the catalogue read lazily, got's ICU use deferred by the build. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { builtinSource } from '../src/builtin-catalogue.js';
import type { SearchIndexData } from '../src/catalogue/intent-index.js';
import { lazySource, type CatalogueSource } from '../src/catalogue/source.js';
import { main } from '../src/cli/main.js';
import { deferListFormats } from '../scripts/lazy-list-format.js';
import { SENTINEL_TOKEN, memoryIO } from './helpers/cli.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

const server = useLoopbackServer();

/** The built-in catalogue, counting which action files it reads. */
function countingSource(prebuiltIndex = false): { source: CatalogueSource; read: string[]; schemasRead: () => number } {
  const builtin = builtinSource();
  const read: string[] = [];
  let schemas = 0;
  const prebuilt = JSON.parse(readFileSync(new URL('../src/generated/catalogue/search.json', import.meta.url), 'utf8')) as { index: SearchIndexData };
  const source = lazySource({
    ...(prebuiltIndex ? { readSearchIndex: () => prebuilt.index } : {}),
    manifest: builtin.manifest,
    keys: builtin.keys,
    readAction: (key) => {
      read.push(key);
      return builtin.action(key);
    },
    readSchemas: () => {
      schemas++;
      return builtin.catalogue().schemas;
    },
  });
  return { source, read, schemasRead: () => schemas };
}

describe('the catalogue, read lazily', () => {
  it('reads an action the first time it is asked for, once, and nothing for an unknown key', () => {
    const { source, read } = countingSource();
    expect(source.action('get-me').key).toBe('get-me');
    source.action('get-me');
    expect(() => source.action('get-mee')).toThrow(expect.objectContaining({ code: 'ERR_ACTION_NOT_FOUND', suggestions: ['get-me'] }));
    expect(read).toEqual(['get-me']);
  });

  it('lets `list --intent` read only the actions it prints, with an index built ahead of time', async () => {
    const { source, read } = countingSource(true);
    const memory = memoryIO();
    expect(await main(['list', '--intent', 'delete a webhook subscription', '--json'], memory.io, source)).toBe(0);
    const keys = (JSON.parse(memory.stdout().toString()) as { items: { key: string }[] }).items.map((item) => item.key);
    expect(keys[0]).toBe('delete-webhook');
    expect(read.sort()).toEqual([...keys].sort());
  });

  it('ranks the same with the index built ahead of time as with one built from the actions', () => {
    const prebuilt = countingSource(true).source.intentIndex();
    const fresh = countingSource(false).source.intentIndex();
    for (const intent of ['reply to a customer', 'which webhooks are configured', 'opertor staus away', 'GDPR erase']) {
      expect(prebuilt.rank(intent)).toEqual(fresh.rank(intent));
    }
  });

  it('lets `chaport run` read only the action it runs', async () => {
    server.handle(() => ({ body: { result: { id: 'me' } } }));
    const { source, read, schemasRead } = countingSource();
    const memory = memoryIO({ env: { CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN } });
    expect(await main(['run', 'get-me'], memory.io, source)).toBe(0);
    expect(read).toEqual(['get-me']);
    expect(schemasRead()).toBe(0);
  });

  it('keeps the index the CLI parses at every start small: the manifest and the keys', () => {
    const index = readFileSync(new URL('../src/generated/catalogue/index.json', import.meta.url));
    expect(index.length).toBeLessThan(4096);
  });
});

describe("deferring got's Intl.ListFormat objects (scripts/lazy-list-format.ts)", () => {
  const moduleText = readFileSync(createRequire(import.meta.url).resolve('@sindresorhus/is'), 'utf8');

  it('defers both constructions of the module got ships with, keeping format() working', () => {
    const deferred = deferListFormats(moduleText);
    expect(deferred.match(/new Intl\.ListFormat\(/g)).toHaveLength(1); // inside the deferring helper only
    const helper = new Function(`${deferred.slice(0, deferred.indexOf('\n}\n') + 3)}; return __chaportLazyListFormat;`)() as (
      locale: string,
      options: Intl.ListFormatOptions,
    ) => { format(list: string[]): string };
    expect(helper('en', { style: 'long', type: 'disjunction' }).format(['a', 'b'])).toBe('a or b');
  });

  it('fails the build when the module no longer has exactly the two it knows', () => {
    expect(() => deferListFormats('const x = 1;')).toThrow(/has 0 'new Intl.ListFormat/);
    expect(() => deferListFormats(`${moduleText}\nconst third = new Intl.ListFormat('en', {});`)).toThrow(/has 3/);
  });
});

describe('the lazy-list-format build plugin', () => {
  it('fails a build that does not bundle @sindresorhus/is, rather than pass unnoticed', async () => {
    const { build } = await import('esbuild');
    const { lazyListFormat } = await import('../scripts/lazy-list-format.js');
    await expect(
      build({ stdin: { contents: 'export const x = 1;', loader: 'js' }, write: false, bundle: true, logLevel: 'silent', plugins: [lazyListFormat] }),
    ).rejects.toThrow(/@sindresorhus\/is was not bundled/);
  });
});
