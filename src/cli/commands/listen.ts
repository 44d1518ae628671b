/** @module `chaport listen`: a local webhook receiver printing one JSON line per delivery, until Ctrl-C. */
import { webhookSettings } from '../../catalogue/manifest.js';
import { missingTokenError } from '../../config/settings.js';
import { ConfigError, UsageError } from '../../errors/index.js';
import { redact, secretForms } from '../../redact.js';
import { VERSION } from '../../version.js';
import { PATH_TOKEN } from '../../webhooks/path-token.js';
import { defineCommand } from '../command.js';
import { CONNECTION_OPTIONS, connectionSettings, hasToken } from '../connection-options.js';
import { commaList } from '../parse-args.js';
import { checkUrl } from '../check-url.js';
import { portInUse } from '../port-in-use.js';

export const listenCommand = defineCommand({
  name: 'listen',
  summary: 'a local webhook receiver: one JSON line per delivery, forwarded signed to your app',
  usage: ['[--port N] [--event NAME]... [--hydrate] [--forward-to URL] [--record FILE] [--subscribe PUBLIC_URL]'],
  description: `Receives webhook deliveries on 127.0.0.1 at /hooks/<token> (the URL is printed at start; any
other path gets 404) and prints one JSON line per delivery on stdout: {event, receivedAt, id,
payload} and, with --hydrate, what it links to. A repeated delivery of the same occurrence is
reported on stderr and not printed again; so is a payload that differs from its declared schema,
and a refused request (wrong method or path, too large, not JSON). The API is not known to sign
deliveries: the token in the path is what keeps others out, so register the URL with the API only.`,
  positionals: [],
  options: {
    port: { type: 'integer', min: 0, max: 65535, default: 4013, description: 'port to listen on (0 picks a free one)' },
    event: { type: 'string', multiple: true, valueName: 'NAME', description: 'report only this event; --subscribe subscribes to these' },
    hydrate: { type: 'boolean', description: 'fetch what each delivery links to (the visitor, the chat) and add it to the line' },
    'forward-to': { type: 'string', valueName: 'URL', description: 'POST each delivery to URL, signed per Standard Webhooks' },
    record: { type: 'string', valueName: 'FILE', description: "append each line to FILE (JSON lines) for 'webhooks replay'" },
    subscribe: { type: 'string', valueName: 'PUBLIC_URL', description: 'subscribe the URL that reaches this receiver (a tunnel) at start; unsubscribe on exit' },
    ...CONNECTION_OPTIONS,
  },
  jsonErrors: false,
  sections: ({ manifest, events }) => {
    const { pathTokenEnv, secretEnv } = webhookSettings(manifest);
    return [
      { title: 'Events declared', text: events().map((event) => `  ${event.name.padEnd(16)} ${event.evidence.level} evidence`).join('\n') },
      {
        title: 'Secrets',
        text: `  The path token is random unless ${pathTokenEnv} holds one (16 or more letters, digits, - or _),
  so that a registered URL outlives a restart. Forwarded deliveries are signed with the whsec_
  secret in ${secretEnv}, or a random one printed at start; your app verifies them with it.`,
      },
      {
        title: 'Examples',
        text: `  ${manifest.key} listen --forward-to http://localhost:3000/webhooks --record hooks.jsonl
  ${manifest.key} listen --subscribe https://example.ngrok.app --event chat.started --hydrate`,
      },
    ];
  },
  async run({ io, values, source, connect }) {
    const { pathTokenEnv, secretEnv } = webhookSettings(source.manifest);
    const events = source.events();
    const declared = new Set(events.map((event) => event.name));
    const only = commaList(values.event);
    for (const name of only ?? []) if (!declared.has(name)) io.stderr(`${io.program} listen: warning: ${name} is not a declared event (${[...declared].join(', ')}); its deliveries are passed on unchecked.\n`);
    const publicUrl = values.subscribe === undefined ? undefined : checkUrl(values.subscribe, '--subscribe');
    if (publicUrl !== undefined) {
      const undeclared = (only ?? []).filter((name) => !declared.has(name));
      const action = source.manifest.webhooks?.subscribe?.action ?? 'its subscribe action';
      if (undeclared.length > 0) throw new UsageError(`--subscribe makes subscriptions for declared events only, not ${undeclared.join(', ')}; subscribe to others with ${action} yourself.`);
    }
    if (values.record !== undefined) await appendable(values.record);
    const forwardTo = values['forward-to'] === undefined ? undefined : checkUrl(values['forward-to'], '--forward-to');
    const { isSigningSecret, newSigningSecret } = await import('../../webhooks/standard-webhooks.js');
    const chosenSecret = io.env[secretEnv];
    if (chosenSecret !== undefined && !isSigningSecret(chosenSecret)) throw new ConfigError(`${secretEnv} must be a whsec_ secret (whsec_ and base64).`);
    const secret = chosenSecret ?? newSigningSecret();
    const pathToken = io.env[pathTokenEnv];
    if (pathToken !== undefined && !PATH_TOKEN.test(pathToken)) throw new ConfigError(`${pathTokenEnv} must be 16 or more letters, digits, - or _ (it is the secret part of the URL).`);

    const needsApi = values.hydrate || publicUrl !== undefined;
    const connector = needsApi ? connect(connectionSettings(values, io)) : undefined;
    // --hydrate and --subscribe call the API: fail now, not at the first delivery, without a token.
    if (needsApi && !hasToken(io, source.manifest)) throw missingTokenError(source.manifest);
    const interrupted = io.interrupted();
    const [{ startListener }, { appendRecord }] = await Promise.all([import('../../webhooks/listener.js'), import('../../webhooks/recording.js')]);
    const notice = (message: string): void => io.stderr(`${io.program} listen: ${message}\n`);
    // What goes to the app and into the recording is scrubbed of the token, as stdout is.
    const secrets = secretForms(io.env[source.manifest.auth.tokenEnv]);
    const scrub = (text: string): string => redact(text, secrets);
    const listener = await startListener({
      port: values.port,
      ...(pathToken === undefined ? {} : { pathToken }),
      events,
      ...(only === undefined ? {} : { only }),
      ...(values.hydrate && connector !== undefined ? { hydrate: connector } : {}),
      ...(forwardTo === undefined ? {} : { forward: { url: forwardTo, secret } }),
      userAgent: `${source.manifest.key}-listen/${VERSION}`,
      scrub,
      onDelivery: async (line) => {
        const text = scrub(JSON.stringify(line));
        await io.stdoutStream(`${text}\n`);
        if (values.record !== undefined) await appendRecord(values.record, text);
      },
      onNotice: notice,
    }).catch(portInUse(values.port));

    const { subscribe, unsubscribe } = await import('../../webhooks/subscriptions.js');
    let subscriptions: Awaited<ReturnType<typeof subscribe>> = [];
    try {
      if (publicUrl !== undefined && connector !== undefined) {
        subscriptions = await subscribe(connector, publicUrl, listener.pathToken, only ?? [...declared]);
        for (const made of subscriptions) notice(`subscribed ${made.event} (id ${made.id}) -> ${made.targetUrl}`);
      }
    } catch (error) {
      await listener.stop();
      throw error;
    }
    notice(`receiving at ${listener.url}`);
    if (publicUrl === undefined) {
      // The event is known from the URL even when a delivery's body does not name it.
      const names = only ?? [...declared];
      notice(`register, through a public tunnel to this port, one URL per event: ${names.map((name) => `${listener.url}?event=${name}`).join(' ')}`);
    }
    if (forwardTo !== undefined) notice(`forwarding to ${forwardTo}, signed with ${chosenSecret === undefined ? `${secret} (set ${secretEnv} to keep one)` : `the secret in ${secretEnv}`}`);
    notice('Ctrl-C stops it.');
    await interrupted;
    // A second Ctrl-C during the clean-up stops it, saying which subscriptions are still there.
    const removed = new Set<string>();
    const again = subscriptions.length === 0 ? new Promise<never>(() => undefined) : io.interrupted();
    const cleanup = unsubscribe(connector as NonNullable<typeof connector>, subscriptions, removed);
    const ended = await Promise.race([cleanup, again.then(() => undefined)]);
    if (ended === undefined) {
      const left = subscriptions.filter((subscription) => !removed.has(subscription.id));
      notice(`stopped before removing ${left.map((subscription) => `${subscription.event} (id ${subscription.id})`).join(', ')}; remove them by hand.`);
      await listener.stop();
      return 130;
    }
    const failed = ended;
    for (const { subscription, error } of failed) notice(`could not remove the subscription to ${subscription.event} (id ${subscription.id}): ${error}`);
    if (subscriptions.length > failed.length) notice(`removed ${subscriptions.length - failed.length} subscription(s).`);
    await listener.stop();
    notice('stopped.');
    return failed.length > 0 ? 1 : 0;
  },
});

/** Fails now, not at the first delivery, when FILE cannot be appended to. */
async function appendable(file: string): Promise<void> {
  const { appendFile } = await import('node:fs/promises');
  try {
    await appendFile(file, '');
  } catch (error) {
    throw new ConfigError(`--record cannot write to ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`, {}, { cause: error });
  }
}
