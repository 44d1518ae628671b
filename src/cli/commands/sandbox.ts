/** @module `chaport sandbox`: runs a local Chaport-compatible API until Ctrl-C. */
import { ConfigError, UsageError } from '../../errors/index.js';
import { integerFlag, parseCommandArgs, untilInterrupted } from '../args.js';
import { SANDBOX_HELP } from '../help.js';
import type { CliIO } from '../io.js';

export async function sandboxCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs(
    'sandbox',
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      visitors: { type: 'string' },
      'page-size': { type: 'string' },
      token: { type: 'string' },
      latency: { type: 'string' },
      'failure-rate': { type: 'string' },
      'rate-limit': { type: 'string' },
      verbose: { type: 'boolean' },
    },
    0,
  );
  if (values['help']) {
    io.stdout(SANDBOX_HELP);
    return 0;
  }
  const int = (name: string, fallback: number, min: number, max: number): number => integerFlag(values, name, min, max, fallback) as number;
  const rateText = values['failure-rate'];
  const failureRate = typeof rateText === 'string' ? Number(rateText) : 0;
  if (!(failureRate >= 0 && failureRate <= 1)) throw new UsageError(`--failure-rate takes a number from 0 to 1, not '${String(rateText)}'.`);

  const { startSandbox } = await import('../../sandbox/server.js');
  const started = performance.now();
  const port = int('port', 4010, 0, 65535);
  const host = typeof values['host'] === 'string' ? values['host'] : '127.0.0.1';
  const sandbox = await startSandbox({
    port,
    host,
    seed: int('seed', 1, 0, 2 ** 32 - 1),
    visitors: int('visitors', 1000, 0, 1_000_000),
    pageSize: int('page-size', 50, 1, 1000),
    ...(typeof values['token'] === 'string' ? { token: values['token'] } : {}),
    latencyMs: int('latency', 0, 0, 60_000),
    failureRate,
    rateLimit: int('rate-limit', 0, 0, 1_000_000),
    onWebhook: (delivery) =>
      io.stderr(`chaport sandbox: ${delivery.event} -> ${delivery.targetUrl}: ${delivery.status ?? delivery.error}\n`),
    ...(values['verbose'] ? { onRequest: (method: string, path: string, status: number) => io.stderr(`${status} ${method} ${path}\n`) } : {}),
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(`Port ${port} on ${host} is in use; pick another with --port N, or --port 0 for any free one.`);
    }
    throw error;
  });
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    io.stderr(`chaport sandbox: warning: listening on ${host}, not only on this machine; anyone who can reach it and knows the token can use it.\n`);
  }
  const ms = Math.round(performance.now() - started);
  // The sandbox's token is no secret, but the CLI scrubs any value equal to CHAPORT_API_TOKEN from output.
  const tokenLine = io.env['CHAPORT_API_TOKEN'] === sandbox.token ? '# CHAPORT_API_TOKEN is already the sandbox token' : `export CHAPORT_API_TOKEN=${sandbox.token}`;
  io.stdout(`export CHAPORT_BASE_URL=${sandbox.baseUrl}\n${tokenLine}\n`);
  io.stderr(
    `chaport sandbox: ${sandbox.store.visitorCount.toLocaleString('en')} visitors (seed ${int('seed', 1, 0, 2 ** 32 - 1)}) ` +
      `at ${sandbox.baseUrl}, ready in ${ms} ms. Run the export lines above in another shell; Ctrl-C stops it.\n`,
  );
  await untilInterrupted();
  await sandbox.stop();
  io.stderr('chaport sandbox: stopped.\n');
  return 0;
}
