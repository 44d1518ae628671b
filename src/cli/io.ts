/** @module The CLI's streams. Every write is scrubbed of the API token, whatever produced the text. */
import { redact } from '../redact.js';

export interface CliIO {
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of standard input, for `--input -`. */
  readStdin(): Promise<string>;
  /** Whether stdout is a terminal (decides colours and widths only, never content). */
  stdoutIsTTY: boolean;
}

export function processIO(env: Readonly<Record<string, string | undefined>> = process.env): CliIO {
  const raw = env['CHAPORT_API_TOKEN'];
  const secrets = [raw, raw?.trim()];
  return {
    env,
    stdout: (text) => process.stdout.write(redact(text, secrets)),
    stderr: (text) => process.stderr.write(redact(text, secrets)),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}
