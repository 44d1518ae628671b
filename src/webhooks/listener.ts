/**
 * @module The local webhook receiver behind `chaport listen`: the handler on 127.0.0.1 at
 * `/hooks/<token>`, and for each new delivery of a chosen event, what the flags ask: fetch what it
 * links to (hydrate), forward it signed to a local app, and report it as one line (which the CLI
 * prints and records). Everything else it has to say (drift, repeats, refusals, forwarding failures,
 * skipped events) is a notice.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { EventDefinition } from '../catalogue/types.js';
import type { Connector } from '../connector.js';
import { toConnectorError } from '../errors/index.js';
import { listen, stopServer } from '../net/local-server.js';
import { renderTemplate } from '../request/template.js';
import { messageId, type WebhookDelivery } from './delivery.js';
import { sendDelivery } from './forward.js';
import { createWebhookHandler, forTerminal } from './handler.js';

/** What is printed (and recorded) for one delivery. */
export interface DeliveryLine {
  event: string | null;
  receivedAt: string;
  /** The webhook-id it is forwarded and replayed with: the same for every delivery of one occurrence. */
  id: string;
  payload: unknown;
  /** With --hydrate: what the delivery links to, by the names the event file gives (or the error of fetching it). */
  hydrated?: Record<string, unknown>;
}

export interface ListenerOptions {
  port?: number;
  host?: string;
  /** @default a random one */
  pathToken?: string;
  events: readonly EventDefinition[];
  /** Report only these events (others are answered and skipped). */
  only?: readonly string[];
  /** Fetch what each delivery links to through this connector. */
  hydrate?: Connector;
  /** Forward each delivery to `url`, signed with `secret`. */
  forward?: { url: string; secret: string };
  userAgent: string;
  /** Removes the API token from what is forwarded (a delivery should never hold it; if one does, it is not passed on). */
  scrub?: (text: string) => string;
  onDelivery(line: DeliveryLine): void | Promise<void>;
  onNotice(message: string): void;
}

export interface Listener {
  /** e.g. http://127.0.0.1:4013/hooks/<token> */
  url: string;
  pathToken: string;
  port: number;
  stop(): Promise<void>;
}

export const HOOKS_PATH = '/hooks';

export async function startListener(options: ListenerOptions): Promise<Listener> {
  const pathToken = options.pathToken ?? randomBytes(18).toString('base64url');
  const stopping = new AbortController();
  const handler = createWebhookHandler({
    pathToken,
    basePath: HOOKS_PATH,
    events: options.events,
    onEvent: async (delivery) => {
      const name = delivery.event === null ? null : forTerminal(delivery.event);
      if (options.only !== undefined && !options.only.includes(delivery.event ?? '')) {
        options.onNotice(`skipped a ${name ?? 'nameless'} delivery (not among --event)`);
        return;
      }
      for (const issue of delivery.drift) options.onNotice(`${name} delivery differs from its declared payload at ${forTerminal(issue.path) || '(root)'}: ${forTerminal(issue.message)}`);
      if (name === null) options.onNotice('a delivery names no event (no "event" member, no ?event= in the URL): register the URL with ?event=<name>');
      const line: DeliveryLine = { event: delivery.event, receivedAt: delivery.receivedAt, id: messageId(delivery.key), payload: delivery.payload };
      if (options.hydrate !== undefined) line.hydrated = await hydrate(delivery, options.events, options.hydrate);
      await options.onDelivery(line);
      if (options.forward !== undefined) {
        const sent = await sendDelivery(options.forward.url, options.scrub?.(delivery.raw) ?? delivery.raw, { signing: { secret: options.forward.secret, id: line.id }, userAgent: options.userAgent, signal: stopping.signal });
        if (sent.status === undefined || sent.status >= 300) options.onNotice(`forwarding ${line.id} to ${options.forward.url}: ${sent.status ?? sent.error}`);
      }
    },
    onDuplicate: (delivery) => options.onNotice(`repeated delivery of ${forTerminal(delivery.key)} (${messageId(delivery.key)}) ignored`),
    onRefused: (error) => options.onNotice(`refused a request (${error.status}): ${error.message}`),
    onError: (error, delivery) => options.onNotice(`failed on a ${delivery === undefined ? 'request' : `${forTerminal(delivery.event ?? 'nameless')} delivery`} (answered 500 or dropped): ${error.message}`),
  });
  // The handler never rejects; it reports what went wrong through onError.
  const server = createServer((request, response) => void handler(request, response));
  const host = options.host ?? '127.0.0.1';
  const { origin, port } = await listen(server, options.port, host);
  return {
    url: `${origin}${HOOKS_PATH}/${pathToken}`,
    pathToken,
    port,
    stop: async () => {
      stopping.abort();
      await stopServer(server);
    },
  };
}

/** Runs the event's hydrate steps with the payload as their input; a failure is reported in place of the output. */
async function hydrate(delivery: WebhookDelivery, events: readonly EventDefinition[], connector: Connector): Promise<Record<string, unknown>> {
  const event = events.find((candidate) => candidate.name === delivery.event);
  const hydrated: Record<string, unknown> = {};
  for (const [name, step] of Object.entries(event?.hydrate ?? {})) {
    const input = renderTemplate(step.input, delivery.payload as Record<string, unknown>) as Record<string, unknown>;
    try {
      hydrated[name] = await connector.run(step.action as never, input as never);
    } catch (error) {
      const failure = toConnectorError(error);
      hydrated[name] = { error: { code: failure.code, message: failure.message } };
    }
  }
  return hydrated;
}
