/**
 * An esbuild plugin that defers two `Intl.ListFormat` objects which got's dependency
 * `@sindresorhus/is` builds when it is loaded. Building one initialises ICU, about 20 ms of every
 * `chaport run`, yet they only word assertion messages, which the connector never shows. Each is
 * replaced by an object with the same `format()` that builds the real formatter on its first call.
 * If the module no longer has exactly these two constructions (got or its dependency changed), the
 * build fails with a message saying so, instead of silently shipping the slow start-up again.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

const MODULE = /[\\/]@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/;
const CONSTRUCTION = /new Intl\.ListFormat\(('en'), (\{[^{}]*\})\)/g;
const EXPECTED = 2;

const LAZY = `function __chaportLazyListFormat(locale, options) {
  let formatter;
  return { format: (list) => (formatter ??= new Intl.ListFormat(locale, options)).format(list) };
}
`;

/** The module's code with its ListFormat constructions deferred; throws when they are not as expected. */
export function deferListFormats(code: string): string {
  const found = code.match(CONSTRUCTION)?.length ?? 0;
  if (found !== EXPECTED) {
    throw new Error(
      `@sindresorhus/is has ${found} 'new Intl.ListFormat(...)' at load, not ${EXPECTED}: update scripts/lazy-list-format.ts ` +
        '(and measure `npm run bench:cli`), or remove the plugin if the dependency no longer builds them at load.',
    );
  }
  return LAZY + code.replace(CONSTRUCTION, '__chaportLazyListFormat($1, $2)');
}

export const lazyListFormat: Plugin = {
  name: 'lazy-list-format',
  setup(build) {
    let patched = 0;
    build.onStart(() => {
      patched = 0;
    });
    build.onLoad({ filter: MODULE }, async (args) => {
      try {
        const contents = deferListFormats(await readFile(args.path, 'utf8'));
        patched++;
        return { contents, loader: 'js' };
      } catch (error) {
        return { errors: [{ text: (error as Error).message }] };
      }
    });
    // got must still pull the module in: if it stops, say so rather than pass unnoticed.
    build.onEnd((result) => {
      if (result.errors.length > 0 || patched > 0) return undefined;
      return { errors: [{ text: '@sindresorhus/is was not bundled: remove scripts/lazy-list-format.ts if got no longer uses it.' }] };
    });
  },
};
