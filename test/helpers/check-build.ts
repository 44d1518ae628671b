/**
 * The CLI tests spawn dist/cli.js: refuse to run them against a build that is missing or older than
 * the sources (`npm test` always builds first; `npx vitest` alone does not).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function checkBuild(): void {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` (or `npm test`, which builds first).');
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'scripts')));
  if (statSync(cli).mtimeMs < sources) {
    throw new Error('dist/ is older than src/: run `npm run build` (or `npm test`, which builds first).');
  }
}
