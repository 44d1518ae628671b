/** @module Resolves token, region and base URL: options first, then the environment, then the manifest's default. */
import type { ConnectorManifest } from '../catalogue/types.js';
import { AuthError, ConfigError } from '../errors/index.js';
import { stripUrlCredentials } from '../redact.js';

export interface LimitOptions {
  /** The most bytes of one reply read, after decompression; default: the manifest's limit variable, then the manifest. */
  maxResponseBytes?: number;
}

export interface ConnectionOptions {
  /** API token; default: the `CHAPORT_API_TOKEN` environment variable. Never logged. */
  token?: string;
  /** `com` or `ru`; default: `CHAPORT_REGION`, then `com`. */
  region?: string;
  /** Full base URL override, e.g. `http://127.0.0.1:4010/api/v1`; default: `CHAPORT_BASE_URL`. */
  baseUrl?: string;
}

export interface ResolvedConnection {
  baseUrl: string;
  /** The region the base URL is from; undefined when the base URL was given outright. */
  region?: string;
  /** Undefined when none is configured: commands that need the API then fail with ERR_AUTH_MISSING. */
  token: string | undefined;
}

export function resolveConnection(
  manifest: ConnectorManifest,
  options: ConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedConnection {
  const { baseUrl, region } = resolveBaseUrl(manifest, options, env);
  const token = resolveToken(manifest, options, env);
  return region === undefined ? { baseUrl, token } : { baseUrl, region, token };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function resolveBaseUrl(
  manifest: ConnectorManifest,
  options: ConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
): { baseUrl: string; region?: string } {
  const { overrideEnv, regionEnv, regions } = manifest.baseUrl;
  const explicit = nonEmpty(options.baseUrl) ?? nonEmpty(env[overrideEnv]);
  if (explicit !== undefined) {
    let url: URL;
    try {
      url = new URL(explicit);
    } catch {
      throw new ConfigError(`${overrideEnv} is not a valid URL: '${stripUrlCredentials(explicit)}'.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigError(`${overrideEnv} must be an http or https URL, not '${url.protocol}'.`);
    }
    if (url.search !== '' || url.hash !== '') {
      throw new ConfigError(`${overrideEnv} must not carry a query or fragment.`);
    }
    return { baseUrl: url.toString().replace(/\/+$/, '') };
  }
  const region = nonEmpty(options.region) ?? nonEmpty(env[regionEnv]) ?? manifest.baseUrl.defaultRegion;
  const url = regions[region];
  if (url === undefined) {
    throw new ConfigError(`Unknown region '${region}' (${regionEnv}); use one of: ${Object.keys(regions).join(', ')}.`, { region });
  }
  return { baseUrl: url, region };
}

function resolveToken(
  manifest: ConnectorManifest,
  options: ConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const token = nonEmpty(options.token) ?? nonEmpty(env[manifest.auth.tokenEnv]);
  // A token pasted with its scheme ("Bearer …") would be sent as "Bearer Bearer …".
  if (token !== undefined && token.toLowerCase().startsWith(`${manifest.auth.scheme.toLowerCase()} `)) {
    throw new AuthError('ERR_AUTH_MISSING', `The API token (${manifest.auth.tokenEnv}) starts with '${manifest.auth.scheme} ': drop that prefix, the connector adds it.`, {
      env: manifest.auth.tokenEnv,
    });
  }
  // A token with spaces or control characters would corrupt the header; say so without printing it.
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    throw new AuthError('ERR_AUTH_MISSING', `The API token (${manifest.auth.tokenEnv}) contains spaces or control characters, so it cannot be valid.`, {
      env: manifest.auth.tokenEnv,
    });
  }
  return token;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The reply limit: the option, then the environment variable the manifest names, then the manifest's default. */
export function resolveMaxResponseBytes(manifest: ConnectorManifest, options: LimitOptions, env: Env): number {
  const { maxResponseBytes, maxResponseBytesEnv } = manifest.limits;
  return positiveSetting('maxResponseBytes', options.maxResponseBytes, maxResponseBytesEnv, env, 'bytes') ?? maxResponseBytes;
}

/** The deadline of one call: the option, then the environment variable the manifest names, then the manifest's default. */
export function resolveDeadlineMs(manifest: ConnectorManifest, deadlineMs: number | undefined, env: Env): number {
  const { deadlineMs: fallback, deadlineEnv } = manifest.timeouts;
  return positiveSetting('deadlineMs', deadlineMs, deadlineEnv, env, 'milliseconds') ?? fallback;
}

/** A whole number above 0 from an option or, failing that, an environment variable; undefined when neither is set. */
function positiveSetting(option: string, given: number | undefined, envName: string, env: Env, unit: string): number | undefined {
  if (given !== undefined) {
    if (!Number.isSafeInteger(given) || given < 1) throw new ConfigError(`${option} must be a whole number of ${unit} above 0, not ${String(given)}.`);
    return given;
  }
  const text = nonEmpty(env[envName]);
  if (text === undefined) return undefined;
  const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1)) throw new ConfigError(`${envName} must be a whole number of ${unit} above 0, not '${text}'.`);
  return value;
}

/** The error for a call that needs a token when none is configured. */
export function missingTokenError(manifest: ConnectorManifest): AuthError {
  const help = manifest.auth.help ?? `Export ${manifest.auth.tokenEnv}=<token>.`;
  return new AuthError('ERR_AUTH_MISSING', `No ${manifest.name} API token is configured. ${help}`, {
    env: manifest.auth.tokenEnv,
  });
}
