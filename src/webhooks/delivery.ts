/**
 * @module What one webhook delivery says: its event (the payload's own `event` member, else the one
 * named in the URL the subscription was made with, `?event=`), its payload, how it differs from the
 * declared payload schema, and the key that identifies the occurrence it reports (the API sends no
 * delivery id, so the key is made from the payload fields the event file names).
 */
import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { asBuffer } from '../as-buffer.js';
import type { EventDefinition } from '../catalogue/types.js';
import { DeliveryRefusedError, type ValidationIssue } from '../errors/index.js';
import type { WebhookEventName, WebhookEventPayloads } from '../generated/event-types.js';
import { readPath } from '../request/template.js';
import { createAjv } from '../validation/ajv.js';
import { toIssues } from '../validation/issues.js';

interface DeliveryBase {
  /** When it arrived, ISO 8601. */
  receivedAt: string;
  /** Identifies the occurrence: the same for a repeated delivery of it. */
  key: string;
  /** How the payload differs from the declared schema (empty when it matches, or the event is not declared). */
  drift: ValidationIssue[];
  /** The body exactly as received. */
  raw: string;
}

/** A delivery of a declared event, its payload typed by the event's name. */
export type DeclaredDelivery = { [N in WebhookEventName]: DeliveryBase & { declared: true; event: N; payload: WebhookEventPayloads[N] } }[WebhookEventName];
/** A delivery whose event the connector does not declare, or cannot tell. */
export type UndeclaredDelivery = DeliveryBase & { declared: false; event: string | null; payload: Record<string, unknown> };
/** One delivery; narrow on `declared` and then `event` to get the payload's type. */
export type WebhookDelivery = DeclaredDelivery | UndeclaredDelivery;

/** Reads deliveries against the declared events, compiling each payload schema once. */
export class DeliveryReader {
  readonly #events: Map<string, EventDefinition>;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(events: readonly EventDefinition[]) {
    this.#events = new Map(events.map((event) => [event.name, event]));
  }

  /** The declared event of this name, if any. */
  event(name: string): EventDefinition | undefined {
    return this.#events.get(name);
  }

  /** Parses a body; throws DeliveryRefusedError (400) when it is not a JSON object. */
  read(body: Uint8Array | string, eventFromUrl: string | undefined, now: Date = new Date()): WebhookDelivery {
    const text = typeof body === 'string' ? body : asBuffer(body).toString('utf8');
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      throw new DeliveryRefusedError('not_json', 400, 'The delivery body is not JSON.');
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new DeliveryRefusedError('not_object', 400, 'The delivery body is not a JSON object.');
    const named = (payload as Record<string, unknown>)['event'];
    const event = typeof named === 'string' && named !== '' ? named : (eventFromUrl ?? null);
    const declared = event === null ? undefined : this.#events.get(event);
    const drift = declared === undefined ? [] : this.#drift(declared, payload);
    return { declared: declared !== undefined, event, payload, receivedAt: now.toISOString(), key: deliveryKey(declared, event, payload, text), drift, raw: text } as WebhookDelivery;
  }

  #drift(event: EventDefinition, payload: unknown): ValidationIssue[] {
    let validate = this.#validators.get(event.name);
    if (validate === undefined) {
      validate = createAjv().compile(event.payloadSchema);
      this.#validators.set(event.name, validate);
    }
    return validate(payload) ? [] : toIssues(validate.errors);
  }
}

/** The occurrence's key: the event and its declared key fields, or a hash of the body when those are missing. */
function deliveryKey(event: EventDefinition | undefined, name: string | null, payload: unknown, text: string): string {
  const values = event?.dedupeKey.map((path) => readPath(payload, path));
  if (values !== undefined && values.every((value) => typeof value === 'string' || typeof value === 'number')) return `${name}:${values.join(':')}`;
  return `${name ?? 'unknown'}:sha256:${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
}

/** The `webhook-id` a forwarded delivery carries: stable for the occurrence, so a receiving app can de-duplicate too. */
export function messageId(key: string): string {
  return `msg_${createHash('sha256').update(key).digest('base64url').slice(0, 24)}`;
}
