/** The shell commands a Markdown document shows, and running them against a sandbox as written. */
import { spawn } from 'node:child_process';

export interface DocumentedCommand {
  command: string;
  /** The trailing `#` comment; "fails" in it means the command is expected to exit 2. */
  comment: string;
}

/** The lines of the document's `sh` blocks, continuation lines joined, with their trailing comment apart. */
export function shellCommands(markdown: string): DocumentedCommand[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] as string);
  return blocks.flatMap((block) =>
    block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => {
        const at = commentStart(line);
        return { command: line.slice(0, at).trim(), comment: line.slice(at).replace(/^#\s*/, '') };
      })
      .filter(({ command }) => command !== ''),
  );
}

/** Where a `#` comment starts outside quotes, or the line's end. */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return i;
  }
  return line.length;
}

/**
 * Runs a documented line with bash, `program` replaced by `node <cli>`: spawned, not spawnSync, since
 * the sandbox answering it may live in this process.
 */
export async function runDocumented(line: string, program: string, cli: string, options: { cwd: string; env: Record<string, string | undefined> }): Promise<{ status: number | null; stderr: string }> {
  const runnable = line.replace(new RegExp(`(^|[\\s|&;(])${program.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s)`, 'g'), `$1${JSON.stringify(process.execPath)} ${JSON.stringify(cli)}`);
  const child = spawn('bash', ['-o', 'pipefail', '-c', runnable], { cwd: options.cwd, env: { PATH: process.env['PATH'], ...options.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, stderr };
}
