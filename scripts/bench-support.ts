/** What the benchmark scripts share: medians, and a loopback server in a process of its own. */
import { spawn } from 'node:child_process';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface ServerProcess {
  /** e.g. http://127.0.0.1:43123/api/v1 */
  baseUrl: string;
  port: string;
  stop(): void;
}

/** Starts `code` (CommonJS that listens and prints its port) in its own Node.js process, so it does not share the client's CPU time. */
export async function startServerProcess(code: string): Promise<ServerProcess> {
  const server = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
  return { baseUrl: `http://127.0.0.1:${port}/api/v1`, port, stop: () => server.kill() };
}
