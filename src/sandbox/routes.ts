/**
 * @module The sandbox's endpoints under /api/v1: one handler per method and path of the catalogue.
 * A handler returns the reply's `result` (wrapped in the envelope by the server) and, where Chaport
 * sends them, `links`; or `null` for an empty 204 reply.
 */
import type { SimChat, SimVisitor } from './model.js';
import { MESSAGE_EVENT_TYPES, WEBHOOK_EVENTS } from './model.js';
import { isBoolean, isHttpUrl, isObject, isRating, isStringArray, objectBody, onlyFields, stringField, typedField } from './body.js';
import { SimError, type SandboxStore } from './store.js';

export interface RouteContext {
  store: SandboxStore;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  pageSize: number;
  /** e.g. /api/v1 */
  prefix: string;
}

export type RouteResult = { result: unknown; links?: Record<string, unknown>; status?: number } | null;

type Handler = (context: RouteContext) => RouteResult;

const VISITOR_FIELDS = ['name', 'email', 'phone', 'notes', 'custom', 'utm', 'emailMarketingConsent', 'sourceHost'];
const OPERATOR_FIELDS = ['email', 'name', 'role', 'language', 'jobTitle'];

export const ROUTES: [method: string, pattern: string, handler: Handler][] = [
  ['GET', '/me.json', ({ store }) => {
    const admin = [...store.operators.values()].find((operator) => operator.role === 'admin');
    return { result: admin ? { id: admin.id, email: admin.email, name: admin.name, role: admin.role } : {} };
  }],
  ['GET', '/operators', ({ store }) => ({ result: [...store.operators.values()] })],
  ['POST', '/operators', ({ store, body }) => {
    const fields = onlyFields(objectBody(body), OPERATOR_FIELDS);
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
  }],
  ['GET', '/operators/:operatorId', ({ store, params }) => ({ result: store.operator(params['operatorId'] as string) })],
  ['PUT', '/operators/:operatorId', ({ store, params, body }) => {
    const operator = store.operator(params['operatorId'] as string);
    const fields = onlyFields(objectBody(body), OPERATOR_FIELDS);
    for (const name of OPERATOR_FIELDS) {
      const value = stringField(fields, name, false);
      if (value !== undefined) Object.assign(operator, { [name]: value });
    }
    return { result: operator };
  }],
  ['DELETE', '/operators/:operatorId', ({ store, params }) => {
    store.operators.delete(store.operator(params['operatorId'] as string).id);
    return null;
  }],
  ['POST', '/operators/:operatorId/status', ({ store, params, body }) => {
    const operator = store.operator(params['operatorId'] as string);
    const fields = onlyFields(objectBody(body), ['status', 'ttl', 'validUntil']);
    const status = stringField(fields, 'status', true) as string;
    const hasTtl = fields['ttl'] !== undefined;
    if (hasTtl === (fields['validUntil'] !== undefined)) throw new SimError(400, 'invalid_request', 'Give exactly one of ttl and validUntil.');
    if (hasTtl && !(Number.isInteger(fields['ttl']) && (fields['ttl'] as number) > 0)) throw new SimError(400, 'invalid_request', "Field 'ttl' must be a positive number of seconds.");
    if (!hasTtl && Number.isNaN(Date.parse(String(fields['validUntil'])))) throw new SimError(400, 'invalid_request', "Field 'validUntil' must be a date-time.");
    Object.assign(operator, { lastStatus: status, realStatus: status, lastActivityAt: new Date().toISOString() });
    return { result: operator };
  }],

  ['GET', '/visitors', ({ store, query, pageSize, prefix }) => {
    const text = query.get('page') ?? '1';
    if (!/^[1-9]\d{0,8}$/.test(text)) throw new SimError(400, 'invalid_request', "Query parameter 'page' must be a positive whole number.");
    const page = Number(text);
    const { visitors, more } = store.visitorsPage(page, pageSize);
    return { result: visitors, links: more ? { next: `${prefix}/visitors?page=${page + 1}` } : {} };
  }],
  ['GET', '/visitors/:visitorId', ({ store, params }) => ({ result: store.visitor(params['visitorId'] as string) })],
  ['PUT', '/visitors/:visitorId', ({ store, params, body }) => {
    const id = params['visitorId'] as string;
    store.visitor(id);
    const fields = onlyFields(objectBody(body), VISITOR_FIELDS);
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
  }],
  ['DELETE', '/visitors/:visitorId', ({ store, params }) => {
    store.deleteVisitor(params['visitorId'] as string);
    return null;
  }],
  ['GET', '/visitors/:visitorId/chats', ({ store, params, query, prefix }) => {
    const id = params['visitorId'] as string;
    const chats = store.chats(id);
    const chat = store.latestChat(id);
    const more = chats.slice(0, -1).reverse().map((older) => `${prefix}/visitors/${id}/chats/${older.id}`);
    return { result: filtered(chat, query), links: { more } };
  }],
  ['PUT', '/visitors/:visitorId/chats', ({ store, params, body }) => {
    const fields = onlyFields(objectBody(body), ['operators', 'stage', 'missed', 'rating']);
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
  }],
  ['GET', '/visitors/:visitorId/chats/:chatId', ({ store, params, query }) => ({
    result: filtered(store.chat(params['visitorId'] as string, chatId(params)), query),
  })],
  ['GET', '/visitors/:visitorId/chats/:chatId/events', ({ store, params }) => ({
    result: store.chat(params['visitorId'] as string, chatId(params)).events,
  })],
  ['GET', '/visitors/:visitorId/chats/:chatId/events/:eventId', ({ store, params }) => ({
    result: store.event(params['visitorId'] as string, chatId(params), params['eventId'] as string),
  })],
  ['PUT', '/visitors/:visitorId/chats/:chatId/events/:eventId', ({ store, params, body }) => {
    const event = store.event(params['visitorId'] as string, chatId(params), params['eventId'] as string);
    const fields = onlyFields(objectBody(body), ['params']);
    const changes = onlyFields(objectBody(fields['params']), ['text']);
    if (!(MESSAGE_EVENT_TYPES as readonly string[]).includes(event.type)) {
      throw new SimError(400, 'invalid_request', `Only message events can be edited, not ${event.type}.`);
    }
    event.params = { ...event.params, text: stringField(changes, 'text', true) };
    return { result: event };
  }],
  ['POST', '/messages', ({ store, body }) => {
    const fields = onlyFields(objectBody(body), ['visitorId', 'chatEvent']);
    const visitorId = stringField(fields, 'visitorId', true) as string;
    if (fields['chatEvent'] === undefined) throw new SimError(400, 'invalid_request', "Field 'chatEvent' is required.");
    const chatEvent = onlyFields(objectBody(fields['chatEvent']), ['type', 'params', 'externalId']);
    if (chatEvent['type'] !== 'operator-message') throw new SimError(400, 'invalid_request', "chatEvent.type must be 'operator-message'.");
    const eventParams = onlyFields(objectBody(chatEvent['params']), ['text', 'operatorId']);
    const text = stringField(eventParams, 'text', true) as string;
    const operatorId = stringField(eventParams, 'operatorId', true) as string;
    const externalId = stringField(chatEvent, 'externalId', false);
    return { result: store.sendOperatorMessage(visitorId, operatorId, text, externalId) };
  }],

  ['GET', '/events/subscriptions', ({ store }) => ({ result: [...store.webhooks.values()] })],
  ['POST', '/events/subscriptions', ({ store, body }) => {
    const fields = onlyFields(objectBody(body), ['targetUrl', 'event', 'essential']);
    const webhook = {
      id: store.newId(),
      targetUrl: webhookUrl(fields['targetUrl'], true) as string,
      event: webhookEvent(fields['event'], true) as string,
      essential: typedField(fields, 'essential', isBoolean, 'true or false') ?? false,
      createdAt: new Date().toISOString(),
    };
    store.webhooks.set(webhook.id, webhook);
    return { result: webhook, status: 201 };
  }],
  ['GET', '/events/subscriptions/:webhookId', ({ store, params }) => ({ result: store.webhook(params['webhookId'] as string) })],
  ['PUT', '/events/subscriptions/:webhookId', ({ store, params, body }) => {
    const webhook = store.webhook(params['webhookId'] as string);
    const fields = onlyFields(objectBody(body), ['targetUrl', 'event', 'essential']);
    const targetUrl = webhookUrl(fields['targetUrl'], false);
    const event = webhookEvent(fields['event'], false);
    const essential = typedField(fields, 'essential', isBoolean, 'true or false');
    if (targetUrl !== undefined) webhook.targetUrl = targetUrl;
    if (event !== undefined) webhook.event = event;
    if (essential !== undefined) webhook.essential = essential;
    return { result: webhook };
  }],
  ['DELETE', '/events/subscriptions/:webhookId', ({ store, params }) => {
    store.webhooks.delete(store.webhook(params['webhookId'] as string).id);
    return null;
  }],
];

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

function webhookEvent(value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !(WEBHOOK_EVENTS as readonly string[]).includes(value)) {
    throw new SimError(400, 'invalid_request', `Field 'event' must be one of ${WEBHOOK_EVENTS.join(', ')}.`);
  }
  return value;
}
