/** @module `chaport proxy`: a local reverse proxy that adds the token, until Ctrl-C. */
import { apiBasePath, proxySettings } from '../../catalogue/manifest.js';
import { missingTokenError } from '../../config/settings.js';
import { defineCommand } from '../command.js';
import { portInUse } from '../port-in-use.js';
import { CONNECTION_OPTIONS, connectionSettings, hasToken } from '../connection-options.js';

export const proxyCommand = defineCommand({
  name: 'proxy',
  summary: 'a local proxy that adds the token, behind an access key',
  usage: ['[--port N] [--verbose]'],
  description: `Listens on 127.0.0.1 and forwards every request under the API's base path to the API (the base
URL or region configured) with the token added, so that any HTTP client can use the API without
holding the token. Each request must carry the access key printed at start; without it the proxy
answers 401, so other local processes cannot borrow the token.`,
  positionals: [],
  options: {
    port: { type: 'integer', min: 0, max: 65535, default: 4011, description: 'port to listen on (0 picks a free one)' },
    ...CONNECTION_OPTIONS,
  },
  jsonErrors: false,
  sections: ({ manifest }) => {
    const { keyEnv, keyHeader, urlEnv } = proxySettings(manifest);
    return [
    {
      title: 'Access key',
      text: `  The key is random unless ${keyEnv} holds one (16 characters or more); it is not taken
  as a flag, where other processes could read it. Send it in the ${keyHeader} header.`,
    },
    {
      title: 'Example',
      text: `  umask 077; ${manifest.key} proxy > proxy.env &   # runs until stopped; its two export lines (the key is a secret) go to proxy.env
  until [ -s proxy.env ]; do sleep 0.1; done; . ./proxy.env
  curl -H "${keyHeader}: $${keyEnv}" "$${urlEnv}/visitors?page=2"
  kill %1
  (the proxy's URL ends with ${apiBasePath(manifest)}, like the API's base URL)`,
    },
    ];
  },
  async run({ io, values, connect }) {
    // The proxy logs each request it answers itself (--verbose): the attempts upstream would say it twice.
    const { onAttempt: _onAttempt, ...settings } = connectionSettings(values, io);
    const connector = connect(settings);
    const { manifest } = connector;
    const { keyEnv, urlEnv } = proxySettings(manifest);
    // Fail now, not on the first request, when there is no token to inject.
    if (!hasToken(io, manifest)) throw missingTokenError(manifest);
    // Listen for Ctrl-C before saying the proxy is ready: a caller may stop it as soon as it reads that.
    const interrupted = io.interrupted();
    const { startProxy } = await import('../../proxy/server.js');
    const chosenKey = io.env[keyEnv];
    const proxy = await startProxy(connector, {
      port: values.port,
      // A chosen key comes from the environment: on the command line, other processes could read it.
      ...(chosenKey ? { key: chosenKey } : {}),
      ...(values.verbose ? { onRequest: (method: string, path: string, status: number) => io.stderr(`${status} ${method} ${path}\n`) } : {}),
    }).catch(portInUse(values.port));
    io.stdout(`export ${urlEnv}=${proxy.url}\nexport ${keyEnv}=${proxy.key}\n`);
    io.stderr(
      `${io.program} proxy: forwarding ${proxy.url}/… to ${connector.baseUrl}/… with the token added.\n` +
        `Send the header "${proxy.keyHeader}: <${keyEnv}>" with every request; Ctrl-C stops it.\n`,
    );
    await interrupted;
    await proxy.stop();
    io.stderr(`${io.program} proxy: stopped.\n`);
    return 0;
  },
});
