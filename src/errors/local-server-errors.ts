/** @module Errors a local server of the connector (the proxy) answers its own clients with. */
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
