/** @module What to check when the API refuses the token or finds nothing: told from the connection and the manifest. */
import { basePathOf } from '../base-url.js';
import { apiBasePath } from '../catalogue/manifest.js';
import type { ConnectorManifest } from '../catalogue/types.js';
import { stripUrlCredentials } from '../redact.js';
import type { ResolvedConnection } from './settings.js';

export interface ConnectionHints {
  /** After a 401 or 403: the token, and the region or base URL it must belong to. */
  auth: string;
  /** After a 404, when the base URL misses the API's base path (every call would be a 404). */
  notFound?: string;
}

export function connectionHints(manifest: ConnectorManifest, connection: ResolvedConnection): ConnectionHints {
  const { tokenEnv } = manifest.auth;
  const { regions, regionEnv, overrideEnv } = manifest.baseUrl;
  const { region } = connection;
  let auth: string;
  if (region === undefined) auth = `Check the token (${tokenEnv}) and the base URL (${overrideEnv}).`;
  else {
    const others = Object.entries(regions).filter(([name]) => name !== region);
    const elsewhere = others.map(([name, url]) => `a token of ${new URL(url).host} needs ${regionEnv}=${name}`).join('; ');
    auth = `Check the token (${tokenEnv}) and the region: this is ${new URL(connection.baseUrl).host} (${regionEnv}=${region})${elsewhere ? `; ${elsewhere}` : ''}.`;
  }
  const hints: ConnectionHints = { auth };
  const apiPath = apiBasePath(manifest);
  const basePath = basePathOf(connection.baseUrl);
  if (apiPath !== '' && !basePath.endsWith(apiPath)) {
    const shown = stripUrlCredentials(connection.baseUrl);
    hints.notFound = `The base URL ${shown} does not end with ${apiPath}, where the API's paths are: did you mean ${shown}${apiPath}?`;
  }
  return hints;
}
