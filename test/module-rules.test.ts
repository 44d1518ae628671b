/**
 * Rules of src/ that keep it easy to extend: the connector's constants live in
 * connector/connector.yaml and src/ restates none of them; no module grows past 300 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinSource } from '../src/builtin-catalogue.js';
import { apiBasePath } from '../src/catalogue/manifest.js';

const src = fileURLToPath(new URL('../src', import.meta.url));

const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !file.startsWith('generated'));

/** Every TypeScript file of src/ but the generated ones, with comment lines and trailing comments removed. */
function sourceCode(): [string, string][] {
  return files.map((file) => {
    const code = readFileSync(join(src, file), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
      .map((line) => line.replace(/\s\/\/ .*$/, ''))
      .join('\n');
    return [relative(src, join(src, file)), code];
  });
}

describe('constants come from the manifest', () => {
  const { manifest } = builtinSource();
  const declared = [
    manifest.auth.tokenEnv,
    manifest.baseUrl.regionEnv,
    manifest.baseUrl.overrideEnv,
    manifest.limits.maxResponseBytesEnv,
    manifest.timeouts.deadlineEnv,
    ...Object.values(manifest.proxy ?? {}),
    ...Object.values(manifest.mcp ?? {}),
    manifest.auth.legacyHeader ?? manifest.auth.header,
    `'${manifest.key}`,
    `${manifest.key}-`,
    apiBasePath(manifest),
    `'${manifest.name}'`,
    `${manifest.name} `,
    ...Object.values(manifest.baseUrl.regions),
  ];

  it.each(declared)('no code in src/ restates %s', (constant) => {
    const restating = sourceCode()
      .filter(([, code]) => code.includes(constant))
      .map(([file]) => file);
    expect(restating).toEqual([]);
  });
});

describe('module size', () => {
  it('keeps every module of src/ under 300 lines (split it by responsibility when it grows)', () => {
    const long = files.map((file) => [file, readFileSync(join(src, file), 'utf8').split('\n').length] as const).filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });
});
