/** Runs the built `chaport` binary (dist/cli.js) as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
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

export interface ServingCli {
  child: ChildProcess;
  /** The `export NAME=value` lines it printed. */
  exports: Record<string, string>;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Sends Ctrl-C and resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/** Starts a long-running command (`sandbox`, `proxy`) and waits until it printed `lastExport`. */
export async function serveCli(args: string[], env: Record<string, string | undefined>, lastExport: string): Promise<ServingCli> {
  checkBuild();
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env['PATH'], ...env } });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    child.on('close', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes(`${lastExport}=`) && stdout.endsWith('\n')) resolve();
    });
  });
  const exports = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]));
  return {
    child,
    exports,
    output: () => ({ stdout, stderr }),
    interrupt: () => {
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.kill('SIGINT');
      return closed;
    },
  };
}
