/** @module The CLI's streams. Every write is scrubbed of the API token, whatever produced the text. */
import { redact } from '../redact.js';

export interface CliIO {
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  /** Writes bytes unchanged (text that contains the token is still scrubbed). */
  stdoutBytes(data: Buffer): void;
  /** Writes to stdout and resolves once the stream can take more, so long outputs keep memory flat. */
  stdoutStream(text: string): Promise<void>;
  stderr(text: string): void;
  /** Whether stderr is a terminal: decides whether a live progress line is shown. */
  stderrIsTTY: boolean;
  /** All of standard input as text, for `--input -`. */
  readStdin(): Promise<string>;
  /** All of standard input as bytes, for `request -d -`. */
  readStdinBytes(): Promise<Buffer>;
}

async function readAll(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The real streams; the values of the `secretEnv` variables are scrubbed from everything written. */
export function processIO(env: Readonly<Record<string, string | undefined>>, secretEnv: readonly string[]): CliIO {
  const secrets = secretEnv.flatMap((name) => [env[name], env[name]?.trim()]);
  // A reader that goes away (`chaport run … --jsonl | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    env,
    stdout: (text) => process.stdout.write(redact(text, secrets)),
    stdoutBytes: (data) => {
      const text = data.toString('utf8');
      const scrubbed = redact(text, secrets);
      process.stdout.write(scrubbed !== text ? scrubbed : data);
    },
    stdoutStream: (text) =>
      new Promise<void>((resolve) => {
        if (process.stdout.write(redact(text, secrets))) resolve();
        else process.stdout.once('drain', resolve);
      }),
    stderr: (text) => process.stderr.write(redact(text, secrets)),
    stderrIsTTY: process.stderr.isTTY === true,
    readStdin: async () => (await readAll()).toString('utf8'),
    readStdinBytes: readAll,
  };
}
