/**
 * @module The CLI's streams. Every write is scrubbed of the API token, whatever produced the text:
 * the real process streams and the in-memory ones of tests share the same scrubbing.
 */
import type { Readable } from 'node:stream';
import type { ConnectorManifest } from '../catalogue/types.js';
import { asBuffer } from '../as-buffer.js';
import { redact, secretForms } from '../redact.js';

export interface CliIO {
  /** The command's name, which its messages on stderr start with (e.g. `chaport: error: …`). */
  program: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  /** Writes bytes unchanged (text that contains the token is still scrubbed). */
  stdoutBytes(data: Uint8Array): void;
  /** Writes to stdout and resolves once the stream can take more, so long outputs keep memory flat. */
  stdoutStream(text: string): Promise<void>;
  stderr(text: string): void;
  /** Whether stderr is a terminal: decides whether a live progress line is shown. */
  stderrIsTTY: boolean;
  /** All of standard input as text, for `--input -`. */
  readStdin(): Promise<string>;
  /** All of standard input as bytes, for `request -d -`. */
  readStdinBytes(): Promise<Buffer>;
  /** Standard input as a stream, for a protocol spoken over it (`mcp`). */
  stdinStream(): Readable;
  /** Resolves on Ctrl-C (SIGINT) or SIGTERM: long-running commands stop cleanly then. */
  interrupted(): Promise<void>;
}

/** Where unscrubbed output goes: the process's streams, or memory in tests. */
export interface OutputSink {
  /** Writes and returns whether the sink can take more now (false: wait for `drained`). */
  stdout(data: string | Uint8Array): boolean;
  drained(): Promise<void>;
  stderr(text: string): void;
}

export type IOSource = Pick<CliIO, 'env' | 'stderrIsTTY' | 'readStdinBytes' | 'stdinStream' | 'interrupted'>;

/** A CliIO over `sink` for the connector of `manifest`: it scrubs the token's value from everything written. */
export function scrubbedIO(source: IOSource, sink: OutputSink, manifest: ConnectorManifest): CliIO {
  // The token in every form an echo can take, each distinct form scanned once.
  const secrets = secretForms(source.env[manifest.auth.tokenEnv]);
  const clean = (text: string): string => redact(text, secrets);
  return {
    ...source,
    program: manifest.key,
    stdout: (text) => void sink.stdout(clean(text)),
    stdoutBytes: (data) => {
      const text = asBuffer(data).toString('utf8');
      const scrubbed = clean(text);
      sink.stdout(scrubbed === text ? data : scrubbed);
    },
    stdoutStream: (text) => (sink.stdout(clean(text)) ? Promise.resolve() : sink.drained()),
    stderr: (text) => sink.stderr(clean(text)),
    readStdin: async () => (await source.readStdinBytes()).toString('utf8'),
  };
}

/** The real streams of this process. */
export function processIO(env: Readonly<Record<string, string | undefined>>, manifest: ConnectorManifest): CliIO {
  // A reader that goes away (`chaport run … --jsonl | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const source: IOSource = {
    env,
    stderrIsTTY: process.stderr.isTTY === true,
    readStdinBytes: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    stdinStream: () => process.stdin,
    interrupted: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
  const sink: OutputSink = {
    stdout: (data) => process.stdout.write(data),
    drained: () => new Promise((resolve) => process.stdout.once('drain', () => resolve())),
    stderr: (text) => void process.stderr.write(text),
  };
  return scrubbedIO(source, sink, manifest);
}
