/** @module Facts derived from the connector manifest, so that no module restates them. */
import { basePathOf } from '../base-url.js';
import { ConfigError } from '../errors/index.js';
import type { ConnectorManifest } from './types.js';

/**
 * The path of the default region's base URL, e.g. `/api/v1`: where the API's paths start (links in
 * its replies carry it), and where the local servers that stand in for the API (the sandbox, the
 * proxy) serve.
 */
export function apiBasePath(manifest: ConnectorManifest): string {
  return basePathOf(manifest.baseUrl.regions[manifest.baseUrl.defaultRegion] as string);
}

/** The manifest's proxy section; a manifest without one cannot run the local proxy. */
export function proxySettings(manifest: ConnectorManifest): NonNullable<ConnectorManifest['proxy']> {
  if (manifest.proxy === undefined) throw new ConfigError(`The ${manifest.name} manifest declares no proxy section (keyHeader, urlEnv, keyEnv), so the local proxy cannot run.`);
  return manifest.proxy;
}

/** The manifest's mcp section; a manifest without one cannot serve MCP over HTTP. */
export function mcpSettings(manifest: ConnectorManifest): NonNullable<ConnectorManifest['mcp']> {
  if (manifest.mcp === undefined) throw new ConfigError(`The ${manifest.name} manifest declares no mcp section (urlEnv, keyEnv), so MCP cannot be served over HTTP.`);
  return manifest.mcp;
}

/** The manifest's verify section; a manifest without one cannot run verify. */
export function verifySettings(manifest: ConnectorManifest): NonNullable<ConnectorManifest['verify']> {
  if (manifest.verify === undefined) throw new ConfigError(`The ${manifest.name} manifest declares no verify section (maxRequests, pauseMs, candidates), so verify cannot run.`);
  return manifest.verify;
}

/** The manifest's webhooks section; a manifest without one cannot run the webhook receiver. */
export function webhookSettings(manifest: ConnectorManifest): NonNullable<ConnectorManifest['webhooks']> {
  if (manifest.webhooks === undefined) throw new ConfigError(`The ${manifest.name} manifest declares no webhooks section (pathTokenEnv, secretEnv), so webhooks cannot be received.`);
  return manifest.webhooks;
}
