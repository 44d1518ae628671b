/**
 * An esbuild plugin that leaves three of got's optional subsystems out of the bundle:
 * HTTP/2 (`http2-wrapper`), response caching (`cacheable-request`) and DNS caching
 * (`cacheable-lookup`). got imports them eagerly, and loading them is about a third of a CLI
 * run's start-up, yet got only uses them when the `http2`, `cache` or `dnsCache` options are set,
 * and the connector's transport (src/http/transport.ts) never sets them. Each is replaced by a stub
 * that fails loudly if that ever changes.
 */
import type { Plugin } from 'esbuild';

const unsupported = (feature: string): string =>
  `function unsupported() { throw new Error('chaport-connector is built without got ${feature} support'); }`;

const STUBS: Record<string, string> = {
  'http2-wrapper': `${unsupported('HTTP/2')}
export default { get globalAgent() { return unsupported(); }, get auto() { return unsupported(); } };`,
  'cacheable-request': `${unsupported('response caching')}
export class CacheError extends Error {}
export default class CacheableRequest { constructor() { unsupported(); } }`,
  'cacheable-lookup': `${unsupported('DNS caching')}
export default class CacheableLookup { constructor() { unsupported(); } }`,
};

export const trimGot: Plugin = {
  name: 'trim-got',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(STUBS).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'trim-got' }));
    build.onLoad({ filter: /.*/, namespace: 'trim-got' }, (args) => ({ contents: STUBS[args.path] ?? '', loader: 'js' }));
  },
};
