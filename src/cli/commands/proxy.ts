/** @module `chaport proxy`: a local reverse proxy that adds the token, until Ctrl-C. */
import { missingTokenError } from '../../config/settings.js';
import { createConnector } from '../../connector.js';
import { integerFlag, parseCommandArgs, untilInterrupted } from '../args.js';
import { PROXY_HELP } from '../help.js';
import type { CliIO } from '../io.js';

export async function proxyCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('proxy', args, { port: { type: 'string' }, verbose: { type: 'boolean' } }, 0);
  if (values['help']) {
    io.stdout(PROXY_HELP);
    return 0;
  }
  const port = integerFlag(values, 'port', 0, 65535, 4011) as number;
  const connector = createConnector({ env: io.env });
  const { manifest } = connector;
  // Fail now, not on the first request, when there is no token to inject.
  if ((io.env[manifest.auth.tokenEnv] ?? '').trim() === '') throw missingTokenError(manifest);
  const { startProxy } = await import('../../proxy/server.js');
  const chosenKey = io.env[manifest.proxy.keyEnv];
  const proxy = await startProxy(connector, {
    port,
    // A chosen key comes from the environment: on the command line, other processes could read it.
    ...(chosenKey ? { key: chosenKey } : {}),
    ...(values['verbose'] ? { onRequest: (method: string, path: string, status: number) => io.stderr(`${status} ${method} ${path}\n`) } : {}),
  });
  io.stdout(`export ${manifest.proxy.urlEnv}=${proxy.url}\nexport ${manifest.proxy.keyEnv}=${proxy.key}\n`);
  io.stderr(
    `chaport proxy: forwarding ${proxy.url}/… to ${connector.baseUrl}/… with the token added.\n` +
      `Send the header "${proxy.keyHeader}: <${manifest.proxy.keyEnv}>" with every request; Ctrl-C stops it.\n`,
  );
  await untilInterrupted();
  await proxy.stop();
  io.stderr('chaport proxy: stopped.\n');
  return 0;
}
