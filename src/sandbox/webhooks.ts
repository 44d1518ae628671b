/**
 * @module Delivers hook events: when a chat starts or finishes, every subscription for that event
 * gets a POST at its target URL of the payload the event file declares (`sandboxPayload`, a template
 * over `{event, link, visitorId, chatId}`). An event the catalogue does not declare is not delivered.
 */
import type { EventDefinition } from '../catalogue/types.js';
import { renderTemplate } from '../request/template.js';
import { sendDelivery } from '../webhooks/forward.js';
import type { WebhookEvent } from './model.js';
import type { SandboxStore } from './store.js';

export interface SandboxWebhookDelivery {
  event: WebhookEvent;
  targetUrl: string;
  payload: unknown;
  /** The receiver's status, or the error when it could not be reached. */
  status?: number;
  error?: string;
}

/** Seeded subscriptions point at example.com, which is never called. */
const isPlaceholder = (url: string): boolean => /(^|\.)example\.com$/i.test(new URL(url).hostname);

/** What a hook event says: its name, the link to the chat as an API path, and the ids. */
export interface HookEvent {
  event: WebhookEvent;
  link: string;
  visitorId: string;
  chatId: number;
}

export function deliverWebhooks(
  store: SandboxStore,
  { event, link, visitorId, chatId }: HookEvent,
  declared: EventDefinition | undefined,
  userAgent: string,
  onDelivery: (delivery: SandboxWebhookDelivery) => void,
  /** Aborted when the sandbox stops: deliveries still under way are dropped unreported. */
  stopped: AbortSignal,
): void {
  if (declared?.sandboxPayload === undefined) return;
  const payload = renderTemplate(declared.sandboxPayload, { event, link, visitorId, chatId });
  for (const webhook of store.webhooks.values()) {
    if (webhook.event !== event || isPlaceholder(webhook.targetUrl)) continue;
    const delivery: SandboxWebhookDelivery = { event, targetUrl: webhook.targetUrl, payload };
    void sendDelivery(webhook.targetUrl, JSON.stringify(payload), { userAgent, signal: stopped }).then((sent) => {
      if (!stopped.aborted) onDelivery({ ...delivery, ...sent });
    });
  }
}
