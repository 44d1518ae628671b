import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector, startSandbox, type Sandbox } from '../src/index.js';
import { runCli, serveCli } from './helpers/cli.js';
import { sandboxInputs } from './helpers/sandbox-inputs.js';

let sandbox: Sandbox;
let inputs: Record<string, Record<string, unknown>>;
beforeAll(async () => {
  sandbox = await startSandbox({ visitors: 80, seed: 3 });
  inputs = sandboxInputs(sandbox);
});
afterAll(() => sandbox.stop());
const env = () => ({ CHAPORT_BASE_URL: sandbox.baseUrl, CHAPORT_API_TOKEN: sandbox.token });

describe('every action through the CLI against a sandbox', () => {
  it.each(createConnector({ env: {} }).actions.map((a) => [a.key]))('chaport run %s succeeds with no drift warning', async (key) => {
    const result = await runCli(['run', key, '--input', JSON.stringify(inputs[key])], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
  });

  it('exits 3 with a wrong token and 4 for an unknown visitor', async () => {
    const wrong = await runCli(['run', 'get-me'], { env: { ...env(), CHAPORT_API_TOKEN: 'wrong-token' } });
    expect(wrong.code).toBe(3);
    const missing = await runCli(['run', 'get-visitor', '--input', '{"visitorId":"ffffffffffffffffffffffff"}'], { env: env() });
    expect(missing.code).toBe(4);
  });

  it('pages through every visitor with --all', async () => {
    const result = await runCli(['run', 'list-visitors', '--all'], { env: env() });
    const doc = JSON.parse(result.stdout) as { records: unknown[]; complete: boolean; pages: number };
    expect(doc.records.length).toBe(sandbox.store.visitorCount);
    expect(doc).toMatchObject({ complete: true, pages: 2 });
  });
});

describe('chaport sandbox', () => {
  it('prints the exports, serves the CLI, and stops cleanly on Ctrl-C', async () => {
    const served = await serveCli(['sandbox', '--port', '0', '--visitors', '30', '--seed', '5'], {}, 'CHAPORT_API_TOKEN');
    const baseUrl = served.exports['CHAPORT_BASE_URL'] ?? '';
    const token = served.exports['CHAPORT_API_TOKEN'] ?? '';
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    const listed = await runCli(['run', 'list-visitors'], { env: { CHAPORT_BASE_URL: baseUrl, CHAPORT_API_TOKEN: token } });
    expect((JSON.parse(listed.stdout) as { records: unknown[] }).records).toHaveLength(30);
    expect(await served.interrupt()).toBe(0);
    const { stderr } = served.output();
    expect(stderr).toContain('30 visitors (seed 5)');
    expect(stderr).toContain('stopped');
  });

  it('rejects a bad flag value with exit 2', async () => {
    const result = await runCli(['sandbox', '--failure-rate', '2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--failure-rate');
  });
});
