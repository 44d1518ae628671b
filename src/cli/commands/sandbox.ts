/** @module `chaport sandbox`: runs a local API that behaves like the real one, until Ctrl-C. */
import { defineCommand } from '../command.js';
import { portInUse } from '../port-in-use.js';
import { checkUrl } from '../check-url.js';

export const sandboxCommand = defineCommand({
  name: 'sandbox',
  summary: 'a local API compatible with the real one, no account needed',
  usage: ['[--port N] [--host H] [--seed N] [--visitors N] [--page-size N]', '[--token T] [--latency MS] [--failure-rate F] [--rate-limit N] [--webhook-url URL] [--verbose]'],
  description: `Runs a local, stateful simulation of the REST API until Ctrl-C, and prints the two export
lines that point the CLI and the library at it. Data is realistic and the same for the same seed.`,
  positionals: [],
  options: {
    port: { type: 'integer', min: 0, max: 65535, default: 4010, description: 'port to listen on (0 picks a free one)' },
    host: { type: 'string', valueName: 'H', default: '127.0.0.1', description: 'address to bind' },
    seed: { type: 'integer', min: 0, max: 2 ** 32 - 1, default: 1, description: 'seed of the generated data' },
    visitors: { type: 'integer', min: 0, max: 1_000_000, default: 1000, description: 'number of visitors' },
    'page-size': { type: 'integer', min: 1, max: 1000, default: 50, description: 'visitors per page of the visitor list' },
    token: { type: 'string', valueName: 'T', description: 'the token clients must send (default: a random one)' },
    latency: { type: 'integer', min: 0, max: 60_000, default: 0, valueName: 'MS', description: 'delay every answer by MS milliseconds' },
    'failure-rate': { type: 'number', min: 0, max: 1, default: 0, valueName: 'F', description: 'answer this share of requests (0 to 1) with 503' },
    'rate-limit': { type: 'integer', min: 0, max: 1_000_000, default: 0, description: 'allow N requests per second; more get 429 with Retry-After (0: no limit)' },
    'webhook-url': { type: 'string', valueName: 'URL', description: "subscribe URL (e.g. chaport listen's) to every declared event at start" },
    verbose: { type: 'boolean', description: 'log every request on stderr' },
  },
  jsonErrors: false,
  async run({ io, values, source }) {
    const { manifest } = source;
    // Listen for Ctrl-C before saying the sandbox is ready: a caller may stop it as soon as it reads that.
    const interrupted = io.interrupted();
    const { startSandbox } = await import('../../sandbox/server.js');
    const started = performance.now();
    const { port, host, seed } = values;
    const sandbox = await startSandbox({
      catalogue: source.catalogue(),
      port,
      host,
      seed,
      visitors: values.visitors,
      ...(values['webhook-url'] === undefined ? {} : { webhookUrl: checkUrl(values['webhook-url'], '--webhook-url') }),
      pageSize: values['page-size'],
      ...(values.token === undefined ? {} : { token: values.token }),
      latencyMs: values.latency,
      failureRate: values['failure-rate'],
      rateLimit: values['rate-limit'],
      onWebhook: (delivery) => io.stderr(`${io.program} sandbox: ${delivery.event} -> ${delivery.targetUrl}: ${delivery.status ?? delivery.error}\n`),
      ...(values.verbose ? { onRequest: (method: string, path: string, status: number) => io.stderr(`${status} ${method} ${path}\n`) } : {}),
    }).catch(portInUse(port, host));
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
      io.stderr(`${io.program} sandbox: warning: listening on ${host}, not only on this machine; anyone who can reach it and knows the token can use it.\n`);
    }
    const ms = Math.round(performance.now() - started);
    const { tokenEnv } = manifest.auth;
    // The sandbox's token is no secret, but the CLI scrubs any value equal to the token variable from output.
    const tokenLine = io.env[tokenEnv] === sandbox.token ? `# ${tokenEnv} is already the sandbox token` : `export ${tokenEnv}=${sandbox.token}`;
    io.stdout(`export ${manifest.baseUrl.overrideEnv}=${sandbox.baseUrl}\n${tokenLine}\n`);
    io.stderr(
      `${io.program} sandbox: ${sandbox.store.visitorCount.toLocaleString('en')} visitors (seed ${seed}) ` +
        `at ${sandbox.baseUrl}, ready in ${ms} ms. Run the export lines above in another shell; Ctrl-C stops it.\n`,
    );
    await interrupted;
    await sandbox.stop();
    io.stderr(`${io.program} sandbox: stopped.\n`);
    return 0;
  },
});
