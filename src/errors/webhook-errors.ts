/** @module Errors of receiving webhook deliveries and of verifying forwarded ones. */
import { ConnectorError } from './connector-error.js';

export type DeliveryRefusal = 'method' | 'path' | 'bad_event' | 'too_large' | 'not_json' | 'not_object';

/** A delivery the receiver refused: wrong method or path, too large, or not a JSON object. */
export class DeliveryRefusedError extends ConnectorError {
  static readonly codes = ['ERR_DELIVERY_REFUSED'] as const;
  override name = 'DeliveryRefusedError';
  readonly reason: DeliveryRefusal;
  /** The status the receiver answered with. */
  readonly status: number;
  constructor(reason: DeliveryRefusal, status: number, message: string) {
    super('ERR_DELIVERY_REFUSED', message);
    this.reason = reason;
    this.status = status;
  }
}

export type SignatureFailure = 'missing_headers' | 'bad_timestamp' | 'outside_tolerance' | 'no_match' | 'bad_secret';

/** A forwarded delivery whose Standard Webhooks signature does not verify; do not trust its body. */
export class WebhookSignatureError extends ConnectorError {
  static readonly codes = ['ERR_WEBHOOK_SIGNATURE'] as const;
  override name = 'WebhookSignatureError';
  readonly reason: SignatureFailure;
  constructor(reason: SignatureFailure, message: string) {
    super('ERR_WEBHOOK_SIGNATURE', message);
    this.reason = reason;
  }
}
