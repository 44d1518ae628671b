/** @module Errors a local server of the connector (the proxy, the MCP server) answers its own clients with. */
import { ConnectorError } from './connector-error.js';

/** A request to the local proxy without its access key. */
export class ProxyKeyError extends ConnectorError {
  static readonly codes = ['ERR_PROXY_KEY'] as const;
  override name = 'ProxyKeyError';
  constructor(header: string) {
    super('ERR_PROXY_KEY', `Send the proxy's access key in the ${header} header.`);
  }
}

/** A request body larger than a local server accepts. */
export class RequestTooLargeError extends ConnectorError {
  static readonly codes = ['ERR_TOO_LARGE'] as const;
  override name = 'RequestTooLargeError';
  readonly limit: number;
  constructor(limit: number) {
    super('ERR_TOO_LARGE', `The request body is larger than ${limit} bytes.`);
    this.limit = limit;
  }
}

/** A request to the local MCP server without its access key. */
export class AccessKeyError extends ConnectorError {
  static readonly codes = ['ERR_ACCESS_KEY'] as const;
  override name = 'AccessKeyError';
  constructor(variable: string) {
    super('ERR_ACCESS_KEY', `Send the server's access key as "Authorization: Bearer <key>"; it was printed at start (as ${variable}).`);
  }
}

/**
 * A request whose Host is not the local server's own address, or that a web page sent (Origin): the
 * way a page on another site reaches a local server through DNS rebinding.
 */
export class OriginRefusedError extends ConnectorError {
  static readonly codes = ['ERR_ORIGIN_REFUSED'] as const;
  override name = 'OriginRefusedError';
  readonly header: 'host' | 'origin';
  constructor(header: 'host' | 'origin', value: string) {
    super('ERR_ORIGIN_REFUSED', `Refused a request with ${header === 'host' ? 'Host' : 'Origin'} '${value}': only local clients may use this server.`);
    this.header = header;
  }
}

/** A tool call to an action the MCP server does not offer; nothing was sent. */
export class ToolNotOfferedError extends ConnectorError {
  static readonly codes = ['ERR_TOOL_NOT_OFFERED'] as const;
  override name = 'ToolNotOfferedError';
  readonly tool: string;
  constructor(tool: string, reason: string) {
    super('ERR_TOOL_NOT_OFFERED', `'${tool}' is not offered: ${reason}. Nothing was sent.`);
    this.tool = tool;
  }
}
