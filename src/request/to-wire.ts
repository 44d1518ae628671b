/**
 * @module Pure: puts a RequestPlan on the wire. Joins the path and query to the base URL, makes the
 * single check that the URL stays below the base URL, sets the default headers, the plan's headers
 * and the credential last (so nothing a file or a caller declares can replace it), and serialises a
 * JSON body with its content type. No I/O.
 */
import type { ConnectorManifest } from '../catalogue/types.js';
import { isBelowBase } from '../base-url.js';
import type { Bytes } from '../bytes.js';
import { missingTokenError, type ResolvedConnection } from '../config/settings.js';
import { RefusedRequestError } from '../errors/index.js';
import type { WireRequest } from '../http/transport.js';
import { REDACTED } from '../redact.js';
import type { RequestPlan } from './plan.js';
import { toJsonText } from '../json-text.js';

export interface WireSettings {
  manifest: ConnectorManifest;
  connection: ResolvedConnection;
  /** Sent as User-Agent unless the manifest or the plan names another. */
  userAgent: string;
}

export function toWireRequest(plan: RequestPlan, settings: WireSettings): WireRequest {
  const { manifest, connection } = settings;
  if (connection.token === undefined) throw missingTokenError(manifest);
  const url = new URL(connection.baseUrl + plan.path);
  for (const [name, value] of plan.query) url.searchParams.append(name, value);
  if (!isBelowBase(url, connection.baseUrl)) throw new RefusedRequestError(`${plan.label} would leave the base URL.`);

  const headers: Record<string, string> = { 'user-agent': settings.userAgent, ...lowerKeys(manifest.headers ?? {}), ...lowerKeys(plan.headers) };
  let body: string | Bytes | undefined;
  if (plan.body !== undefined && 'json' in plan.body) {
    body = toJsonText(plan.body.json);
    headers['content-type'] ??= 'application/json';
  } else if (plan.body !== undefined) body = plan.body.bytes;
  const authHeader = manifest.auth.header.toLowerCase();
  delete headers[authHeader];
  headers[authHeader] = `${manifest.auth.scheme} ${connection.token}`;

  const wire: WireRequest = { method: plan.method, url: url.href, headers };
  if (body !== undefined) wire.body = body;
  return wire;
}

/** The request as sent, with the credential replaced by [REDACTED] (for `request -i`). */
export function redactedWire(wire: WireRequest, manifest: ConnectorManifest): Omit<WireRequest, 'body'> {
  return {
    method: wire.method,
    url: wire.url,
    headers: { ...wire.headers, [manifest.auth.header.toLowerCase()]: `${manifest.auth.scheme} ${REDACTED}` },
  };
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
