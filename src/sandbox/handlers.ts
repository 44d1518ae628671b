/**
 * @module What the sandbox does for each action of the catalogue, by action key. The server routes a
 * request to the handler of the action whose method and path template it matches (see routes.ts);
 * a handler returns the reply's payload, which the server wraps in the manifest's envelope, with any
 * other members of the reply (such as the next-page link) at the paths the action file declares, or
 * `null` for an empty 204 reply. Which body fields a write accepts is read from the action's body
 * template, so the sandbox accepts exactly what the connector can send.
 */
import { EVENT_NAME } from '../catalogue/check-event.js';
import type { ActionDefinition } from '../catalogue/types.js';
import { bodyFields } from './body-fields.js';
import type { SimChat, SimVisitor } from './model.js';
import { MESSAGE_EVENT_TYPES } from './model.js';
import { isBoolean, isHttpUrl, isObject, isRating, isStringArray, objectBody, onlyFields, stringField, typedField } from './body.js';
import { SimError, type SandboxStore } from './store.js';

export interface HandlerContext {
  store: SandboxStore;
  /** The action this request matched. */
  action: ActionDefinition;
  /** Path parameters by the names of the action's path template. */
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  pageSize: number;
  /** The path, base path included, of another action's request for these parameters: links in replies. */
  linkTo(actionKey: string, params: Record<string, string | number>): string;
}

/** The payload under the envelope, and other members of the reply by dotted path (`links.next`). */
export type HandlerResult = { result: unknown; members?: Record<string, unknown>; status?: number } | null;

export type Handler = (context: HandlerContext) => HandlerResult;

export const HANDLERS: Record<string, Handler> = {
  'get-me': ({ store }) => {
    const admin = [...store.operators.values()].find((operator) => operator.role === 'admin');
    return { result: admin ? { id: admin.id, email: admin.email, name: admin.name, role: admin.role } : {} };
  },
  'list-operators': ({ store }) => ({ result: [...store.operators.values()] }),
  'create-operator': ({ store, body, action }) => {
    const fields = onlyFields(objectBody(body), bodyFields(action));
    const email = stringField(fields, 'email', true) as string;
    if ([...store.operators.values()].some((operator) => operator.email === email)) {
      throw new SimError(400, 'email_taken', `An operator with email ${email} exists already.`);
    }
    const now = new Date().toISOString();
    const operator = {
      id: store.newId(), email, name: stringField(fields, 'name', false) ?? email.split('@')[0] ?? email,
      language: stringField(fields, 'language', false) ?? 'en', jobTitle: stringField(fields, 'jobTitle', false) ?? '',
      role: stringField(fields, 'role', false) ?? 'operator', lastLoginAt: now, lastActivityAt: now, image: '', lastStatus: 'offline', realStatus: 'offline',
    };
    store.operators.set(operator.id, operator);
    return { result: operator, status: 201 };
  },
  'get-operator': ({ store, params }) => ({ result: store.operator(params['operatorId'] as string) }),
  'update-operator': ({ store, params, body, action }) => {
    const operator = store.operator(params['operatorId'] as string);
    const fields = onlyFields(objectBody(body), bodyFields(action));
    for (const name of Object.keys(fields)) {
      const value = stringField(fields, name, false);
      if (value !== undefined) Object.assign(operator, { [name]: value });
    }
    return { result: operator };
  },
  'delete-operator': ({ store, params }) => {
    store.operators.delete(store.operator(params['operatorId'] as string).id);
    return null;
  },
  'update-operator-status': ({ store, params, body, action }) => {
    const operator = store.operator(params['operatorId'] as string);
    const fields = onlyFields(objectBody(body), bodyFields(action));
    const status = stringField(fields, 'status', true) as string;
    const hasTtl = fields['ttl'] !== undefined;
    if (hasTtl === (fields['validUntil'] !== undefined)) throw new SimError(400, 'invalid_request', 'Give exactly one of ttl and validUntil.');
    if (hasTtl && !(Number.isInteger(fields['ttl']) && (fields['ttl'] as number) > 0)) throw new SimError(400, 'invalid_request', "Field 'ttl' must be a positive number of seconds.");
    if (!hasTtl && Number.isNaN(Date.parse(String(fields['validUntil'])))) throw new SimError(400, 'invalid_request', "Field 'validUntil' must be a date-time.");
    Object.assign(operator, { lastStatus: status, realStatus: status, lastActivityAt: new Date().toISOString() });
    return { result: operator };
  },

  'list-visitors': ({ store, query, pageSize, linkTo, action }) => {
    // Paged as the action file says: its page parameter, and the member that holds the next page's link.
    const paging = action.pagination;
    if (paging?.style !== 'page-number') throw new SimError(501, 'not_implemented', `The sandbox pages ${action.key} by page number only.`);
    const text = query.get(paging.param) ?? String(paging.start);
    if (!/^(0|[1-9]\d{0,8})$/.test(text) || Number(text) < paging.start) {
      throw new SimError(400, 'invalid_request', `Query parameter '${paging.param}' must be a whole number from ${paging.start}.`);
    }
    const page = Number(text);
    const { visitors, more } = store.visitorsPage(page - paging.start + 1, pageSize);
    const next = more ? `${linkTo(action.key, {})}?${paging.param}=${page + 1}` : undefined;
    return { result: visitors, members: { [paging.hasMore]: next } };
  },
  'get-visitor': ({ store, params }) => ({ result: store.visitor(params['visitorId'] as string) }),
  'update-visitor': ({ store, params, body, action }) => {
    const id = params['visitorId'] as string;
    store.visitor(id);
    const fields = onlyFields(objectBody(body), bodyFields(action));
    const changes: Partial<SimVisitor> = {};
    for (const name of ['name', 'email', 'phone', 'notes', 'sourceHost'] as const) {
      if (fields[name] !== undefined) changes[name] = typedField(fields, name, (v): v is string => typeof v === 'string', 'a string') ?? null;
    }
    const custom = typedField(fields, 'custom', isObject, 'an object');
    if (custom) changes.custom = { ...store.visitor(id).custom, ...custom };
    const utm = typedField(fields, 'utm', isObject, 'an object');
    if (utm) changes.utm = utm as Record<string, string>;
    const consent = typedField(fields, 'emailMarketingConsent', isBoolean, 'true or false');
    if (consent !== undefined) changes.emailMarketingConsent = consent;
    return { result: store.updateVisitor(id, changes) };
  },
  'delete-visitor': ({ store, params }) => {
    store.deleteVisitor(params['visitorId'] as string);
    return null;
  },
  'get-visitor-last-chat': ({ store, params, query, linkTo, action }) => {
    const id = params['visitorId'] as string;
    const chats = store.chats(id);
    const chat = store.latestChat(id);
    // Links to the older chats, as get-chat requests, go where the action file reads them from.
    const olderChats = action.response.include?.['olderChats'];
    if (olderChats === undefined) return { result: filtered(chat, query) };
    const more = chats.slice(0, -1).reverse().map((older) => linkTo('get-chat', { visitorId: id, chatId: older.id }));
    return { result: filtered(chat, query), members: { [olderChats]: more } };
  },
  'update-visitor-last-chat': ({ store, params, body, action }) => {
    const fields = onlyFields(objectBody(body), bodyFields(action));
    const changes: Partial<Pick<SimChat, 'operators' | 'stage' | 'missed' | 'rating'>> = {};
    const operators = typedField(fields, 'operators', isStringArray, 'an array of operator or team ids');
    if (operators) {
      if (operators.length > 1) throw new SimError(400, 'invalid_request', 'Assign a chat to one operator or team at a time.');
      const known = (id: string) => store.operators.has(id) || store.teams.some((team) => team.id === id);
      if (!operators.every(known)) throw new SimError(400, 'invalid_operator', `There is no operator or team ${operators.join(', ')}.`);
      changes.operators = operators;
    }
    const stage = stringField(fields, 'stage', false);
    if (stage !== undefined) changes.stage = stage;
    const missed = typedField(fields, 'missed', isBoolean, 'true or false');
    if (missed !== undefined) changes.missed = missed;
    const rating = typedField(fields, 'rating', isRating, 'a whole number from 1 to 5');
    if (rating !== undefined) changes.rating = rating;
    return { result: store.updateLatestChat(params['visitorId'] as string, changes) };
  },
  'get-chat': ({ store, params, query }) => ({
    result: filtered(store.chat(params['visitorId'] as string, chatId(params)), query),
  }),
  'list-chat-events': ({ store, params }) => ({
    result: store.chat(params['visitorId'] as string, chatId(params)).events,
  }),
  'get-chat-event': ({ store, params }) => ({
    result: store.event(params['visitorId'] as string, chatId(params), params['eventId'] as string),
  }),
  'update-message': ({ store, params, body, action }) => {
    const event = store.event(params['visitorId'] as string, chatId(params), params['eventId'] as string);
    const fields = onlyFields(objectBody(body), bodyFields(action));
    const changes = onlyFields(objectBody(fields['params']), bodyFields(action, 'params'));
    if (!(MESSAGE_EVENT_TYPES as readonly string[]).includes(event.type)) {
      throw new SimError(400, 'invalid_request', `Only message events can be edited, not ${event.type}.`);
    }
    event.params = { ...event.params, text: stringField(changes, 'text', true) };
    return { result: event };
  },
  'send-message': ({ store, body, action }) => {
    const fields = onlyFields(objectBody(body), bodyFields(action));
    const visitorId = stringField(fields, 'visitorId', true) as string;
    if (fields['chatEvent'] === undefined) throw new SimError(400, 'invalid_request', "Field 'chatEvent' is required.");
    const chatEvent = onlyFields(objectBody(fields['chatEvent']), bodyFields(action, 'chatEvent'));
    if (chatEvent['type'] !== 'operator-message') throw new SimError(400, 'invalid_request', "chatEvent.type must be 'operator-message'.");
    const eventParams = onlyFields(objectBody(chatEvent['params']), bodyFields(action, 'chatEvent', 'params'));
    const text = stringField(eventParams, 'text', true) as string;
    const operatorId = stringField(eventParams, 'operatorId', true) as string;
    const externalId = stringField(chatEvent, 'externalId', false);
    return { result: store.sendOperatorMessage(visitorId, operatorId, text, externalId) };
  },

  'list-webhooks': ({ store }) => ({ result: [...store.webhooks.values()] }),
  'create-webhook': ({ store, body, action }) => {
    const fields = onlyFields(objectBody(body), bodyFields(action));
    const webhook = {
      id: store.newId(),
      targetUrl: webhookUrl(fields['targetUrl'], true) as string,
      event: webhookEvent(fields['event'], true) as string,
      essential: typedField(fields, 'essential', isBoolean, 'true or false') ?? false,
      createdAt: new Date().toISOString(),
    };
    store.webhooks.set(webhook.id, webhook);
    return { result: webhook, status: 201 };
  },
  'get-webhook': ({ store, params }) => ({ result: store.webhook(params['webhookId'] as string) }),
  'update-webhook': ({ store, params, body, action }) => {
    const webhook = store.webhook(params['webhookId'] as string);
    const fields = onlyFields(objectBody(body), bodyFields(action));
    const targetUrl = webhookUrl(fields['targetUrl'], false);
    const event = webhookEvent(fields['event'], false);
    const essential = typedField(fields, 'essential', isBoolean, 'true or false');
    if (targetUrl !== undefined) webhook.targetUrl = targetUrl;
    if (event !== undefined) webhook.event = event;
    if (essential !== undefined) webhook.essential = essential;
    return { result: webhook };
  },
  'delete-webhook': ({ store, params }) => {
    store.webhooks.delete(store.webhook(params['webhookId'] as string).id);
    return null;
  },
};

function chatId(params: Record<string, string>): number {
  const text = params['chatId'] as string;
  if (!/^\d{1,15}$/.test(text)) throw new SimError(404, 'not_found', `There is no chat ${text}.`);
  return Number(text);
}

/** `transcript=true` keeps message events only; `eventTypes` keeps the listed types. */
function filtered(chat: SimChat, query: URLSearchParams): SimChat {
  const types = query.getAll('eventTypes');
  const messagesOnly = query.get('transcript') === 'true';
  if (types.length === 0 && !messagesOnly) return chat;
  const keep = (type: string) => (!messagesOnly || (MESSAGE_EVENT_TYPES as readonly string[]).includes(type)) && (types.length === 0 || types.includes(type));
  return { ...chat, events: chat.events.filter((event) => keep(event.type)) };
}

function webhookUrl(value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (!isHttpUrl(value)) throw new SimError(400, 'invalid_request', "Field 'targetUrl' must be an http or https URL.");
  return value;
}

/** Any name shaped like an event's, declared or not: the API may have events nobody has documented. */
function webhookEvent(value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !EVENT_NAME.test(value)) {
    throw new SimError(400, 'invalid_request', "Field 'event' must be an event name such as chat.started.");
  }
  return value;
}
