/** An input for every action of the catalogue, made from a sandbox's own data (ids that exist there). */
import type { Sandbox } from '../../src/index.js';

export function sandboxInputs(sandbox: Sandbox): Record<string, Record<string, unknown>> {
  const { store } = sandbox;
  const visitors = store.visitorsPage(1, 50).visitors;
  const chatty = visitors.find((v) => store.chats(v.id).some((chat) => chat.events.some((e) => e.type === 'visitor-message')));
  if (chatty === undefined) throw new Error('the sandbox has no visitor with a chat');
  const chat = store.latestChat(chatty.id);
  const message = chat.events.find((e) => e.type === 'visitor-message');
  const doomed = visitors.at(-1);
  const operators = [...store.operators.values()];
  const webhooks = [...store.webhooks.values()];
  const [operator, spare] = [operators[1], operators[5]];
  const [hook, spareHook] = [webhooks[0], webhooks[1]];
  if (!message || !doomed || !operator || !spare || !hook || !spareHook) throw new Error('the sandbox lacks seeded data');
  const visitorId = chatty.id;
  const inChat = { visitorId, chatId: chat.id };
  return {
    'get-me': {},
    'list-operators': {},
    'get-operator': { operatorId: operator.id },
    'create-operator': { email: 'new.operator@example.net', name: 'New Operator', role: 'operator' },
    'update-operator': { operatorId: operator.id, jobTitle: 'Team lead' },
    'delete-operator': { operatorId: spare.id },
    'update-operator-status': { operatorId: operator.id, status: 'away', ttl: 600 },
    'list-visitors': {},
    'get-visitor': { visitorId },
    'update-visitor': { visitorId, notes: 'VIP customer', custom: { plan: 'pro' } },
    'delete-visitor': { visitorId: doomed.id },
    'get-visitor-last-chat': { visitorId },
    'update-visitor-last-chat': { visitorId, operators: [operator.id], rating: 5 },
    'get-chat': inChat,
    'list-chat-events': inChat,
    'get-chat-event': { ...inChat, eventId: String(message.id) },
    'update-message': { ...inChat, eventId: String(message.id), text: 'Edited text' },
    'send-message': { visitorId, operatorId: operator.id, text: 'Hello from the sandbox test', externalId: 'test-1' },
    'list-webhooks': {},
    'get-webhook': { webhookId: hook.id },
    'create-webhook': { targetUrl: 'https://hooks.example.com/new', event: 'chat.started', essential: true },
    'update-webhook': { webhookId: hook.id, essential: false },
    'delete-webhook': { webhookId: spareHook.id },
  };
}
