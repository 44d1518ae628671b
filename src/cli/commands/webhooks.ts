/** @module `chaport webhooks trigger EVENT --to URL` and `chaport webhooks replay FILE --forward-to URL`. */
import { webhookSettings } from '../../catalogue/manifest.js';
import { ConfigError, UsageError } from '../../errors/index.js';
import { VERSION } from '../../version.js';
import type { CliIO } from '../io.js';
import { defineCommand } from '../command.js';
import { checkUrl } from '../check-url.js';

const ACTIONS = ['trigger', 'replay'] as const;

export const webhooksCommand = defineCommand({
  name: 'webhooks',
  summary: "send an event's declared example, or replay recorded deliveries, to a URL",
  usage: ['trigger <event> --to URL', 'replay <file> --forward-to URL'],
  description: `trigger  POSTs the event's declared example to URL, unsigned like the API's deliveries,
         e.g. to 'listen' or straight to your app (the example names its event, which the
         API's own deliveries may not).
replay   re-sends each delivery recorded by 'listen --record FILE' to URL, signed per Standard
         Webhooks with the same webhook-id as when it was forwarded, and a new timestamp.`,
  positionals: [
    { name: 'action', description: "'trigger' or 'replay'", required: true },
    { name: 'event-or-file', description: 'the event name (trigger) or the recording (replay)', required: true },
  ],
  options: {
    to: { type: 'string', valueName: 'URL', description: 'trigger: where to send the example' },
    'forward-to': { type: 'string', valueName: 'URL', description: 'replay: where to send the recorded deliveries' },
  },
  jsonErrors: false,
  sections: ({ manifest }) => [
    {
      title: 'Examples',
      text: `  ${manifest.key} webhooks trigger chat.started --to "$LISTEN_URL"
  ${manifest.key} webhooks replay hooks.jsonl --forward-to http://localhost:3000/webhooks
  (replay signs with the whsec_ secret in ${webhookSettings(manifest).secretEnv}: the one your app verifies with)`,
    },
  ],
  async run({ io, values, positionals, source }) {
    const [action, target] = positionals as [string, string];
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`'${action}' is not one of ${ACTIONS.join(', ')}. Run '${io.program} webhooks --help' for usage.`);
    const { sendDelivery } = await import('../../webhooks/forward.js');
    const userAgent = `${source.manifest.key}-webhooks/${VERSION}`;
    if (action === 'trigger') {
      if (values.to === undefined) throw new UsageError('trigger needs --to URL: where to send the example.');
      const url = checkUrl(values.to, '--to');
      const event = source.events().find((candidate) => candidate.name === target);
      if (event === undefined) throw new UsageError(`'${target}' is not a declared event; these are: ${source.events().map((candidate) => candidate.name).join(', ')}.`);
      return report(io, `${event.name} example -> ${url}`, await sendDelivery(url, JSON.stringify(event.example), { userAgent }));
    }
    if (values['forward-to'] === undefined) throw new UsageError('replay needs --forward-to URL: where to send the recorded deliveries.');
    const url = checkUrl(values['forward-to'], '--forward-to');
    const { secretEnv } = webhookSettings(source.manifest);
    const secret = io.env[secretEnv];
    const { isSigningSecret } = await import('../../webhooks/standard-webhooks.js');
    if (secret === undefined || !isSigningSecret(secret)) throw new ConfigError(`replay signs with the whsec_ secret in ${secretEnv}, the one your app verifies with; set it (listen printed one).`);
    const { readRecording } = await import('../../webhooks/recording.js');
    let failures = 0;
    for (const line of await readRecording(target)) {
      const sent = await sendDelivery(url, JSON.stringify(line.payload), { signing: { secret, id: line.id }, userAgent });
      if (report(io, `${line.event ?? 'delivery'} ${line.id} -> ${url}`, sent) !== 0) failures++;
    }
    return failures > 0 ? 1 : 0;
  },
});

/** One line on stderr per request sent; 0 when the receiver took it (2xx). */
function report(io: CliIO, what: string, sent: { status?: number; error?: string }): number {
  io.stderr(`${io.program} webhooks: ${what}: ${sent.status ?? sent.error}\n`);
  return sent.status !== undefined && sent.status >= 200 && sent.status < 300 ? 0 : 1;
}
