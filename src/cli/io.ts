/** @module The CLI's streams. Every write is scrubbed of the API token, whatever produced the text. */
import { redact } from '../redact.js';

export interface CliIO {
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of standard input, for `--input -`. */
  readStdin(): Promise<string>;
}

/** The real streams; the values of the `secretEnv` variables are scrubbed from everything written. */
export function processIO(env: Readonly<Record<string, string | undefined>>, secretEnv: readonly string[]): CliIO {
  const secrets = secretEnv.flatMap((name) => [env[name], env[name]?.trim()]);
  return {
    env,
    stdout: (text) => process.stdout.write(redact(text, secrets)),
    stderr: (text) => process.stderr.write(redact(text, secrets)),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
