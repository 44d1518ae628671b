/**
 * The package as a user gets it: packed with `npm pack`, installed from the tarball into a fresh
 * project with nothing else, its types checked by a strict consumer under nodenext and bundler
 * resolution (without Node.js's type definitions), and run with plain node as ESM and with require.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBuild } from './helpers/check-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
let project: string;
let packed: { size: number; unpackedSize: number; files: { path: string }[] };

const CONSUMER_TS = `
import { createConnector, isConnectorError, ACTION_KEYS, type Visitor, type RawResponse, type Bytes } from 'chaport-connector';

export async function use(baseUrl: string, token: string): Promise<string> {
  const chaport = createConnector({ baseUrl, token, env: {} });
  const operators = await chaport.run('list-operators', {});
  const first: Visitor | undefined = (await chaport.run('list-visitors', {})).records[0];
  const raw: RawResponse = await chaport.request({ path: '/me.json' });
  const bytes: Bytes = raw.body;
  try {
    await chaport.run('get-visitor', { visitorId: 'nobody-with-this-id-000' });
  } catch (error) {
    if (!isConnectorError(error)) throw error;
  }
  return \`\${ACTION_KEYS.length} \${operators.records.length} \${first?.id === undefined} \${bytes.length > 0}\`;
}
`;

const RUN = (loader: string) => `
${loader}
const sandbox = await startSandbox({ visitors: 3, seed: 2 });
try {
  const chaport = createConnector({ baseUrl: sandbox.baseUrl, token: sandbox.token, env: {} });
  const { records } = await chaport.run('list-visitors', {});
  console.log(JSON.stringify({ actions: ACTION_KEYS.length, visitors: records.length }));
} finally {
  await sandbox.stop();
}
`;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'], HOME: process.env['HOME'] } });
}

beforeAll(() => {
  checkBuild();
  const work = mkdtempSync(join(tmpdir(), 'chaport-package-'));
  const reports = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root)) as (typeof packed)[];
  packed = reports[0] as typeof packed;
  const tarball = readdirSync(work).find((file) => file.endsWith('.tgz')) as string;
  project = join(work, 'consumer');
  run('mkdir', ['-p', project], work);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', join(work, tarball), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], project);
}, 120_000);

describe('the published package', () => {
  it('packs under 500 kB, with the licences and without source maps of dependencies', () => {
    expect(packed.size).toBeLessThan(500_000);
    const paths = packed.files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'dist/THIRD-PARTY-LICENSES.txt', 'dist/index.js', 'dist/cli.js', 'dist/types/index.d.ts']));
    for (const map of paths.filter((path) => path.endsWith('.map'))) {
      const { sources } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[] };
      expect(sources.filter((source) => source.includes('node_modules')), map).toEqual([]);
    }
  });

  it('installs got, ajv, ajv-formats and yaml as the dependencies the library loads, and the MCP SDK for `chaport mcp`', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/chaport-connector/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@modelcontextprotocol/server', 'ajv', 'ajv-formats', 'got', 'yaml']);
    const library = readFileSync(join(project, 'node_modules/chaport-connector/dist/index.js'), 'utf8');
    expect(library).toMatch(/import\("got"\)/);
    expect(library).not.toContain('sindresorhus'); // no code of got's (or its dependencies') is copied in
  });

  it.each([
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ])('type-checks a strict consumer under %s resolution without Node.js type definitions', (name, resolution) => {
    writeFileSync(join(project, 'consumer.ts'), CONSUMER_TS);
    const config = { compilerOptions: { strict: true, target: 'es2022', noEmit: true, types: [], ...resolution }, files: ['consumer.ts'] };
    writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify(config));
    expect(() => run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], project)).not.toThrow();
  });

  it('runs with plain node as an ES module', () => {
    writeFileSync(join(project, 'run.mjs'), RUN("import { ACTION_KEYS, createConnector, startSandbox } from 'chaport-connector';"));
    expect(JSON.parse(run(process.execPath, ['run.mjs'], project))).toEqual({ actions: 23, visitors: 3 });
  });

  it.runIf(Number(process.versions.node.split('.')[0]) > 20 || Number(process.versions.node.split('.')[1]) >= 19)('runs with require (Node.js 20.19 and later)', () => {
    writeFileSync(join(project, 'run.cjs'), `(async () => {${RUN("const { ACTION_KEYS, createConnector, startSandbox } = require('chaport-connector');")}})();`);
    expect(JSON.parse(run(process.execPath, ['run.cjs'], project))).toEqual({ actions: 23, visitors: 3 });
  });

  it("keeps the build's progress off stdout, so that `npm pack --json` prints JSON", () => {
    const out = join(mkdtempSync(join(tmpdir(), 'chaport-build-')), 'dist');
    const stdout = execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build.ts', '--out', out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(stdout).toBe('');
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['cli.js', 'index.js', 'validators', 'types', 'generated']));
  }, 60_000);

  it('installs the chaport command', () => {
    expect(run(join(project, 'node_modules/.bin/chaport'), ['--version'], project).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('ships the agent skill and the MCP server with the command', () => {
    const bin = join(project, 'node_modules/.bin/chaport');
    expect(run(bin, ['skill'], project)).toBe(readFileSync(join(root, 'skills/chaport/SKILL.md'), 'utf8'));
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'package-test', version: '1' } } };
    const reply = execFileSync(bin, ['mcp', '--read-only'], { cwd: project, encoding: 'utf8', input: `${JSON.stringify(initialize)}\n`, env: { PATH: process.env['PATH'] }, stdio: ['pipe', 'pipe', 'pipe'] });
    expect(JSON.parse(reply.trim().split('\n')[0] as string)).toMatchObject({ id: 1, result: { serverInfo: { name: 'chaport' } } });
  });
});
