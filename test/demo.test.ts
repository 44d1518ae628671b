import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBuild } from './helpers/check-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('npm run demo (the README quick start)', () => {
  it('runs real actions through the CLI against a sandbox and shows each result', async () => {
    checkBuild();
    const child = spawn(process.execPath, [`${root}node_modules/tsx/dist/cli.mjs`, 'scripts/demo.ts'], {
      cwd: root,
      env: { PATH: process.env['PATH'] },
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, output).toBe(0);
    for (const text of [
      '$ chaport run get-me',
      '$ chaport run update-visitor',
      '"notes": "Asked for a demo"',
      '"type": "operator-message"',
      '"stopReason":"max_pages"',
      '{"records":1000,"pages":20,"complete":true,"stopReason":"no_next_page"}',
      '[exit code 2]',
    ]) {
      expect(output).toContain(text);
    }
    // Only the deliberate bad input at the end fails.
    expect(output.match(/\[exit code/g)).toHaveLength(1);
  }, 60_000);
});
