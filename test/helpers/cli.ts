/** Runs the built `chaport` binary (dist/cli.js) as a child process. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkBuild } from './check-build.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const SENTINEL_TOKEN = 'sentinel-TOKEN-7f3a9c1e5b';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout as bytes, for binary output. */
  stdoutBytes: Buffer;
}

let buildChecked = false;

export function runCli(args: string[], options: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<CliResult> {
  if (!buildChecked) {
    checkBuild();
    buildChecked = true;
  }
  const env: Record<string, string | undefined> = { PATH: process.env['PATH'], ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString('utf8'), stderr, stdoutBytes });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
