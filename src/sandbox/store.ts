/**
 * @module The sandbox's state and the operations on it, with no HTTP. Seeded once, then changed by
 * writes; a failed operation throws a SimError carrying the status and body the server answers with.
 */
import type { SimChat, SimEvent, SimOperator, SimTeam, SimVisitor, SimWebhook, WebhookEvent } from './model.js';
import { seededRandom, type Random } from './random.js';
import type { ExampleIds } from './examples.js';
import { seedChats, seedData } from './seed.js';

export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type ChatNotice = (event: WebhookEvent, visitorId: string, chatId: number) => void;

interface VisitorEntry {
  visitor: SimVisitor;
  index: number;
  chats: SimChat[] | undefined;
  /** externalId -> event id, per chat id. */
  externalIds: Map<number, Map<string, number>>;
}

export class SandboxStore {
  readonly operators = new Map<string, SimOperator>();
  readonly teams: SimTeam[];
  readonly webhooks = new Map<string, SimWebhook>();
  /** Most recent chat first. */
  #order: VisitorEntry[];
  readonly #byId = new Map<string, VisitorEntry>();
  readonly #seed: number;
  readonly #random: Random;
  #nextChatId: number;
  readonly #notice: ChatNotice;
  /** The seeded operators and teams: chats made later from the seed must not depend on later writes. */
  readonly #seeded: { operators: SimOperator[]; teams: SimTeam[] };
  /** The chat the documented examples use, given its id and a message with the examples' event id when first read. */
  #exampleChat: ExampleIds['chat'];

  constructor(seed: number, visitorCount: number, notice: ChatNotice) {
    const data = seedData(seed, visitorCount);
    for (const operator of data.operators) this.operators.set(operator.id, operator);
    for (const webhook of data.webhooks) this.webhooks.set(webhook.id, webhook);
    this.teams = data.teams;
    this.#seeded = { operators: data.operators.map((operator) => ({ ...operator })), teams: data.teams };
    this.#order = data.visitors.map((visitor, index) => ({ visitor, index, chats: undefined, externalIds: new Map() }));
    for (const entry of this.#order) this.#byId.set(entry.visitor.id, entry);
    this.#seed = seed;
    this.#random = seededRandom(seed ^ 0x5eed);
    this.#nextChatId = 1000 + visitorCount * 10;
    this.#notice = notice;
  }

  /**
   * Gives seeded records the ids the catalogue's examples use (the first visitors, operators and
   * webhooks, in order) and the examples' chat its id and message, so that every documented example
   * runs against the sandbox. Records beyond those the seed made are not invented.
   */
  adoptExamples(ids: ExampleIds): void {
    ids.visitorIds.slice(0, this.#order.length).forEach((id, index) => {
      const entry = this.#order[index] as VisitorEntry;
      this.#byId.delete(entry.visitor.id);
      entry.visitor = { ...entry.visitor, id };
      this.#byId.set(id, entry);
    });
    const operators = [...this.operators.values()];
    this.operators.clear();
    operators.forEach((operator, index) => {
      const id = ids.operatorIds[index] ?? operator.id;
      this.operators.set(id, { ...operator, id });
      if (this.#seeded.operators[index]) this.#seeded.operators[index] = { ...(this.#seeded.operators[index] as SimOperator), id };
    });
    const webhooks = [...this.webhooks.values()];
    this.webhooks.clear();
    webhooks.forEach((webhook, index) => {
      const id = ids.webhookIds[index] ?? webhook.id;
      this.webhooks.set(id, { ...webhook, id });
    });
    this.#exampleChat = ids.chat;
  }

  newId(): string {
    return this.#random.hex(24);
  }

  get visitorCount(): number {
    return this.#order.length;
  }

  /** One page of visitors (1-based) and whether another page exists. */
  visitorsPage(page: number, pageSize: number): { visitors: SimVisitor[]; more: boolean } {
    const start = (page - 1) * pageSize;
    return { visitors: this.#order.slice(start, start + pageSize).map((e) => e.visitor), more: start + pageSize < this.#order.length };
  }

  visitor(id: string): SimVisitor {
    return this.#entry(id).visitor;
  }

  updateVisitor(id: string, changes: Partial<SimVisitor>): SimVisitor {
    const entry = this.#entry(id);
    entry.visitor = { ...entry.visitor, ...changes, id: entry.visitor.id };
    return entry.visitor;
  }

  deleteVisitor(id: string): void {
    const entry = this.#entry(id);
    this.#byId.delete(id);
    this.#order = this.#order.filter((candidate) => candidate !== entry);
  }

  chats(visitorId: string): SimChat[] {
    const entry = this.#entry(visitorId);
    if (entry.chats === undefined) {
      entry.chats = seedChats(this.#seed, entry.index, entry.visitor, this.#seeded.operators, this.#seeded.teams);
      if (this.#exampleChat?.visitorId === visitorId) adoptExampleChat(entry.chats, this.#exampleChat, this.#seeded.operators[0] as SimOperator);
    }
    return entry.chats;
  }

  latestChat(visitorId: string): SimChat {
    const chat = this.chats(visitorId).at(-1);
    if (chat === undefined) throw new SimError(404, 'not_found', `Visitor ${visitorId} has no chats.`);
    return chat;
  }

  chat(visitorId: string, chatId: number): SimChat {
    const chat = this.chats(visitorId).find((candidate) => candidate.id === chatId);
    if (chat === undefined) throw new SimError(404, 'not_found', `Visitor ${visitorId} has no chat ${chatId}.`);
    return chat;
  }

  event(visitorId: string, chatId: number, eventId: string): SimEvent {
    const event = this.chat(visitorId, chatId).events.find((candidate) => String(candidate.id) === eventId);
    if (event === undefined) throw new SimError(404, 'not_found', `Chat ${chatId} has no event ${eventId}.`);
    return event;
  }

  updateLatestChat(visitorId: string, changes: Partial<Pick<SimChat, 'operators' | 'stage' | 'missed' | 'rating'>>): SimChat {
    const chat = this.latestChat(visitorId);
    const wasOpen = chat.stage !== 'closed';
    Object.assign(chat, changes);
    if (wasOpen && chat.stage === 'closed') this.#notice('chat.finished', visitorId, chat.id);
    return chat;
  }

  /**
   * Adds an operator message to the visitor's current chat, or starts a chat when the visitor has none
   * open. A repeated externalId in the same chat returns the first message instead of adding another.
   */
  sendOperatorMessage(visitorId: string, operatorId: string, text: string, externalId: string | undefined): SimEvent {
    const entry = this.#entry(visitorId);
    if (!this.operators.has(operatorId)) throw new SimError(400, 'invalid_operator', `There is no operator ${operatorId}.`);
    const chats = this.chats(visitorId);
    let chat = chats.at(-1);
    // A repeat of an externalId in the latest chat is the same message, even if that chat closed since.
    const repeated = chat !== undefined && externalId !== undefined ? entry.externalIds.get(chat.id)?.get(externalId) : undefined;
    if (chat !== undefined && repeated !== undefined) return chat.events.find((event) => event.id === repeated) as SimEvent;
    if (chat === undefined || chat.stage === 'closed') {
      chat = this.#startChat(operatorId);
      chats.push(chat);
      this.#notice('chat.started', visitorId, chat.id);
    }
    const event: SimEvent = {
      id: (chat.events.at(-1)?.id ?? 0) + 1,
      type: 'operator-message',
      params: { text, operatorId },
      createdAt: new Date().toISOString(),
    };
    chat.events.push(event);
    chat.stage = 'responded';
    if (!chat.operators.includes(operatorId)) chat.operators = [operatorId];
    if (externalId !== undefined) {
      const ids = entry.externalIds.get(chat.id) ?? new Map<string, number>();
      ids.set(externalId, event.id);
      entry.externalIds.set(chat.id, ids);
    }
    entry.visitor = { ...entry.visitor, lastSeenAt: event.createdAt };
    this.#order = [entry, ...this.#order.filter((candidate) => candidate !== entry)];
    return event;
  }

  operator(id: string): SimOperator {
    const operator = this.operators.get(id);
    if (operator === undefined) throw new SimError(404, 'not_found', `There is no operator ${id}.`);
    return operator;
  }

  webhook(id: string): SimWebhook {
    const webhook = this.webhooks.get(id);
    if (webhook === undefined) throw new SimError(404, 'not_found', `There is no hook subscription ${id}.`);
    return webhook;
  }

  #startChat(operatorId: string): SimChat {
    return {
      id: this.#nextChatId++,
      stage: 'initiated',
      operators: [operatorId],
      team: null,
      rating: null,
      startPage: 'https://www.example.com/',
      missed: false,
      startedAt: new Date().toISOString(),
      events: [],
    };
  }

  #entry(id: string): VisitorEntry {
    const entry = this.#byId.get(id);
    if (entry === undefined) throw new SimError(404, 'not_found', `There is no visitor ${id}.`);
    return entry;
  }
}

/** The latest chat becomes the examples' chat: its id, and a message of an operator with the examples' event id. */
function adoptExampleChat(chats: SimChat[], example: NonNullable<ExampleIds['chat']>, operator: SimOperator): void {
  const chat = chats.at(-1) as SimChat;
  chat.id = example.chatId;
  const message = chat.events.filter((event) => event.type === 'operator-message').at(-1);
  if (message !== undefined) {
    message.id = Number(example.eventId);
    return;
  }
  const createdAt = chat.events.at(-1)?.createdAt ?? chat.startedAt;
  chat.events.push({ id: Number(example.eventId), type: 'operator-message', params: { text: 'Hello! How can I help?', operatorId: operator.id }, createdAt });
}
