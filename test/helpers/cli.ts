/**
 * Runs the `chaport` CLI in this process through `main(argv, io)` with in-memory streams (scrubbed of
 * the token exactly as the real ones are), or, for the few smoke tests of the built binary, as a child
 * process of dist/cli.js.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { builtinSource } from '../../src/builtin-catalogue.js';
import type { CatalogueSource } from '../../src/catalogue/source.js';
import { scrubbedIO, type CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { checkBuild } from './check-build.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const SENTINEL_TOKEN = 'sentinel-TOKEN-7f3a9c1e5b';

/**
 * The built-in catalogue with the manifest's retry waits and verify's pause shortened (same limits,
 * same decisions), as library tests pass `retry: {baseDelayMs: 1}`: a CLI test does not sleep.
 */
export const TEST_SOURCE: CatalogueSource = (() => {
  const builtin = builtinSource();
  const verify = builtin.manifest.verify === undefined ? {} : { verify: { ...builtin.manifest.verify, pauseMs: 0 } };
  const manifest = { ...builtin.manifest, retry: { ...builtin.manifest.retry, baseDelayMs: 1, maxDelayMs: 5 }, ...verify };
  return { ...builtin, manifest, catalogue: () => ({ ...builtin.catalogue(), manifest }) };
})();

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout as bytes, for binary output. */
  stdoutBytes: Buffer;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Node options for a spawned binary, e.g. `['--import', file]`. */
  nodeOptions?: string[];
  stdin?: string;
  /** Pretend stderr is a terminal (the progress line shows). */
  stderrIsTTY?: boolean;
  /** Standard input as a stream that stays open (for `mcp` over stdio). */
  stdinStream?: Readable;
}

export interface MemoryIO {
  io: CliIO;
  stdout(): Buffer;
  stderr(): string;
  /** Ends a long-running command as Ctrl-C would. */
  interrupt(): void;
}

/** In-memory streams for `main`, scrubbed of the token as the process's own are. */
export function memoryIO(options: CliOptions = {}): MemoryIO {
  const env: Record<string, string | undefined> = { ...options.env };
  const out: Buffer[] = [];
  let err = '';
  // The n-th call of interrupted() resolves on the n-th Ctrl-C, sent before or after it, as the process's does.
  let signals = 0;
  let calls = 0;
  const waiting: { after: number; resolve: () => void }[] = [];
  const interrupt = (): void => {
    signals++;
    for (const waiter of waiting.splice(0)) {
      if (signals > waiter.after) waiter.resolve();
      else waiting.push(waiter);
    }
  };
  const interrupted = (): Promise<void> => {
    const after = calls++;
    return new Promise<void>((resolve) => (signals > after ? resolve() : waiting.push({ after, resolve })));
  };
  const io = scrubbedIO(
    {
      env,
      stderrIsTTY: options.stderrIsTTY ?? false,
      readStdinBytes: async () => Buffer.from(options.stdin ?? '', 'utf8'),
      stdinStream: () => options.stdinStream ?? Readable.from([Buffer.from(options.stdin ?? '', 'utf8')]),
      interrupted,
    },
    {
      stdout: (data) => out.push(Buffer.from(data)) > 0,
      drained: async () => undefined,
      stderr: (text) => void (err += text),
    },
    builtinSource().manifest,
  );
  return { io, stdout: () => Buffer.concat(out), stderr: () => err, interrupt };
}

/** Runs `chaport <args>` in this process and resolves when it exits. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const memory = memoryIO(options);
  const code = await main(args, memory.io, TEST_SOURCE);
  const stdoutBytes = memory.stdout();
  return { code, stdout: stdoutBytes.toString('utf8'), stderr: memory.stderr(), stdoutBytes };
}

export interface ServingCli {
  /** The `export NAME=value` lines it printed. */
  exports: Record<string, string>;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Sends Ctrl-C and resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/**
 * Starts a long-running command (`sandbox`, `proxy`, `listen`) in this process and waits until it
 * printed the export line of `ready`, or until `ready` says so of what it printed.
 */
export async function serveCli(args: string[], env: Record<string, string | undefined>, ready: string | ((output: { stdout: string; stderr: string }) => boolean)): Promise<ServingCli> {
  const memory = memoryIO({ env });
  const exited = main(args, memory.io, TEST_SOURCE);
  const output = () => ({ stdout: memory.stdout().toString('utf8'), stderr: memory.stderr() });
  for (;;) {
    const settled = await Promise.race([exited.then((code) => ({ code })), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5))]);
    if (settled !== undefined) throw new Error(`${args.join(' ')} exited ${settled.code}: ${output().stderr}`);
    const printed = output();
    if (typeof ready === 'function' ? ready(printed) : printed.stdout.includes(`${ready}=`) && printed.stdout.endsWith('\n')) break;
  }
  const exports = Object.fromEntries([...output().stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]));
  return {
    exports,
    output,
    interrupt: () => {
      memory.interrupt();
      return exited;
    },
  };
}

/** Runs the built binary, dist/cli.js, as a child process: for what only a process shows. */
export function spawnCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  checkBuild();
  const env: Record<string, string | undefined> = { PATH: process.env['PATH'], ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), CLI, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
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

export interface SpawnedServer {
  child: ChildProcess;
  exports: Record<string, string>;
  output(): { stdout: string; stderr: string };
  /** Sends the signal and resolves with the exit code. */
  signal(name: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built binary for a long-running command and waits until it printed `lastExport`. */
export async function spawnServer(args: string[], env: Record<string, string | undefined>, lastExport: string): Promise<SpawnedServer> {
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
    signal: (name) => {
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.kill(name);
      return closed;
    },
  };
}
