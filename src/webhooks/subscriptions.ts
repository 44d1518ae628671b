/**
 * @module `listen --subscribe`: one subscription per event, pointing at the public URL that reaches
 * the receiver (`<public>/hooks/<token>?event=<name>`, so a delivery's event is known even when its
 * body does not say), made and removed through the actions the manifest's webhooks section names.
 */
import type { ConnectorManifest } from '../catalogue/types.js';
import type { Connector } from '../connector.js';
import { ConfigError, toConnectorError } from '../errors/index.js';
import { renderTemplate } from '../request/template.js';
import { HOOKS_PATH } from './listener.js';

export interface Subscription {
  event: string;
  id: string;
  targetUrl: string;
}

type Steps = Required<Pick<NonNullable<ConnectorManifest['webhooks']>, 'subscribe' | 'unsubscribe'>>;

function steps(manifest: ConnectorManifest): Steps {
  const { subscribe, unsubscribe } = manifest.webhooks ?? {};
  if (subscribe === undefined || unsubscribe === undefined) throw new ConfigError(`The ${manifest.name} manifest says no way to subscribe (webhooks.subscribe and webhooks.unsubscribe).`);
  return { subscribe, unsubscribe };
}

/** The URL a subscription for `event` points at; `publicUrl` is an http(s) URL (the command checked it). */
function subscriptionUrl(publicUrl: string, pathToken: string, event: string): string {
  const base = new URL(publicUrl);
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}${HOOKS_PATH}/${pathToken}?event=${encodeURIComponent(event)}`;
}

/** Subscribes to each event; if one fails, removes those already made and throws. */
export async function subscribe(connector: Connector, publicUrl: string, pathToken: string, events: readonly string[]): Promise<Subscription[]> {
  const { subscribe: step } = steps(connector.manifest);
  const made: Subscription[] = [];
  try {
    for (const event of events) {
      const targetUrl = subscriptionUrl(publicUrl, pathToken, event);
      const output = await connector.run(step.action as never, renderTemplate(step.input, { url: targetUrl, event }) as never);
      const id = (output as Record<string, unknown> | null)?.[step.idField];
      if (typeof id !== 'string' && typeof id !== 'number') throw new ConfigError(`${step.action} answered without '${step.idField}', so the subscription to ${event} could not be removed later; remove it by hand.`);
      made.push({ event, id: String(id), targetUrl });
    }
  } catch (error) {
    const stuck = await unsubscribe(connector, made);
    if (stuck.length === 0) throw error;
    const ids = stuck.map(({ subscription }) => `${subscription.event} (id ${subscription.id})`).join(', ');
    throw new ConfigError(`${toConnectorError(error).message} The subscriptions made before could not all be removed: ${ids}; remove them by hand.`, {}, { cause: error });
  }
  return made;
}

/** Removes the subscriptions (adding each id removed to `removed`); returns those that could not be removed, with why. */
export async function unsubscribe(connector: Connector, subscriptions: readonly Subscription[], removed: Set<string> = new Set()): Promise<{ subscription: Subscription; error: string }[]> {
  if (subscriptions.length === 0) return [];
  const { unsubscribe: step } = steps(connector.manifest);
  const failed: { subscription: Subscription; error: string }[] = [];
  for (const subscription of subscriptions) {
    try {
      await connector.run(step.action as never, renderTemplate(step.input, { id: subscription.id }) as never);
      removed.add(subscription.id);
    } catch (error) {
      failed.push({ subscription, error: toConnectorError(error).message });
    }
  }
  return failed;
}
