/**
 * @module Deterministic, realistic sandbox data: the same seed gives the same operators, teams,
 * visitors, chats and webhooks. Visitors are made up front; each visitor's chats are made only when
 * first read, from a seed of their own, so that tens of thousands of visitors start in moments.
 */
import type { SimChat, SimEvent, SimOperator, SimTeam, SimVisitor, SimWebhook } from './model.js';
import { deriveSeed, seededRandom, type Random } from './random.js';

/** Seeded timestamps count back from here, so that they do not depend on when the sandbox starts. */
export const SEED_EPOCH = Date.parse('2026-11-01T12:00:00.000Z');

const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Edsger', 'Radia', 'Tim', 'Hedy', 'Dennis', 'Frances', 'Donald', 'Katherine', 'John'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Dijkstra', 'Perlman', 'Berners-Lee', 'Lamarr', 'Ritchie', 'Allen', 'Knuth', 'Johnson', 'McCarthy'];
const PLACES: [string, string][] = [['GB', 'London'], ['DE', 'Berlin'], ['FR', 'Paris'], ['US', 'Austin'], ['BR', 'Recife'], ['IN', 'Pune'], ['AU', 'Perth'], ['PH', 'Cebu']];
const BROWSERS = ['Firefox 140', 'Chrome 142', 'Safari 19', 'Edge 142'];
const SYSTEMS = ['Linux', 'Windows 11', 'macOS 16', 'Android 16', 'iOS 19'];
const SOURCES = ['newsletter', 'google', 'partner', 'twitter', 'direct'];
const PAGES = ['/', '/pricing', '/docs/getting-started', '/blog/live-chat-tips', '/contact', '/features'];
const QUESTIONS = [
  'Hi! Is there a discount for annual plans?',
  'How do I add a second operator to my account?',
  'Can I export my chat history?',
  'The widget does not show up on my site, can you help?',
  'Do you integrate with our CRM?',
  'Is there a free trial?',
];
const ANSWERS = [
  'Hello! Yes, annual plans are 20% cheaper.',
  'Sure, go to Settings > Operators and click "Invite".',
  'Of course: Settings > Export lets you download everything.',
  'Happy to help. Could you share the address of the page?',
  'We do: the integrations page lists them all.',
  'Yes, 14 days with every feature.',
];
const STAGES = ['closed', 'closed', 'closed', 'responded', 'engaged', 'offline', 'initiated'];

const iso = (ms: number): string => new Date(ms).toISOString();

export interface SeedData {
  operators: SimOperator[];
  teams: SimTeam[];
  visitors: SimVisitor[];
  webhooks: SimWebhook[];
}

export function seedData(seed: number, visitorCount: number): SeedData {
  const random = seededRandom(seed);
  const operators = Array.from({ length: 6 }, (_, i) => operator(random, i));
  const teams = ['Sales', 'Support', 'Billing'].map((name) => ({ id: random.hex(24), name }));
  const visitors = Array.from({ length: visitorCount }, (_, i) => visitor(seededRandom(deriveSeed(seed, i, 1)), i));
  const webhooks: SimWebhook[] = [
    { id: random.hex(24), targetUrl: 'https://hooks.example.com/chaport/started', event: 'chat.started', essential: true, createdAt: iso(SEED_EPOCH - 90 * 86_400_000) },
    { id: random.hex(24), targetUrl: 'https://hooks.example.com/chaport/finished', event: 'chat.finished', essential: false, createdAt: iso(SEED_EPOCH - 30 * 86_400_000) },
  ];
  return { operators, teams, visitors, webhooks };
}

function operator(random: Random, index: number): SimOperator {
  const name = `${FIRST[(index * 5) % FIRST.length]} ${LAST[(index * 3) % LAST.length]}`;
  const status = random.pick(['online', 'online', 'away', 'offline']);
  return {
    id: random.hex(24),
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
    name,
    language: random.pick(['en', 'en', 'de', 'fr', 'pt']),
    jobTitle: index === 0 ? 'Head of support' : random.pick(['Support agent', 'Sales manager', 'Billing specialist']),
    role: index === 0 ? 'admin' : 'operator',
    lastLoginAt: iso(SEED_EPOCH - random.int(1, 72) * 3_600_000),
    lastActivityAt: iso(SEED_EPOCH - random.int(1, 600) * 60_000),
    image: `https://cdn.example.com/avatars/${index + 1}.png`,
    lastStatus: status,
    realStatus: status,
  };
}

function visitor(random: Random, index: number): SimVisitor {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const known = random.chance(0.7);
  const [country, city] = random.pick(PLACES);
  return {
    id: random.hex(24),
    name: known ? `${first} ${last}` : null,
    email: known ? `${first}.${last}.${index}@example.org`.toLowerCase() : null,
    phone: known && random.chance(0.4) ? `+44 20 7946 ${String(random.int(0, 9999)).padStart(4, '0')}` : null,
    notes: random.chance(0.2) ? 'Prefers email over chat.' : null,
    custom: random.chance(0.5) ? { plan: random.pick(['trial', 'pro', 'team']), seats: random.int(1, 50) } : {},
    utm: { source: random.pick(SOURCES), medium: random.pick(['email', 'cpc', 'social', 'referral']) },
    emailMarketingConsent: random.chance(0.3),
    sourceHost: 'www.example.com',
    country,
    city,
    browser: random.pick(BROWSERS),
    os: random.pick(SYSTEMS),
    // Visitor 0 chatted most recently; each next one a little earlier.
    lastSeenAt: iso(SEED_EPOCH - index * 97_000 - random.int(0, 60_000)),
  };
}

/** A seeded visitor's chats, oldest first (the last is the current one). Chat ids are unique across visitors. */
export function seedChats(seed: number, visitorIndex: number, seen: SimVisitor, operators: readonly SimOperator[], teams: readonly SimTeam[]): SimChat[] {
  const random = seededRandom(deriveSeed(seed, visitorIndex, 2));
  const count = random.int(1, 3);
  const end = Date.parse(seen.lastSeenAt);
  return Array.from({ length: count }, (_, k) => {
    const startedAt = end - (count - 1 - k) * 9 * 86_400_000 - 20 * 60_000;
    const isCurrent = k === count - 1;
    const stage = isCurrent ? random.pick(STAGES) : 'closed';
    const handler = random.pick(operators);
    return {
      id: 1000 + visitorIndex * 10 + k,
      stage,
      operators: stage === 'initiated' || stage === 'offline' ? [] : [handler.id],
      team: random.chance(0.5) ? random.pick(teams).id : null,
      rating: stage === 'closed' && random.chance(0.5) ? random.int(1, 5) : null,
      startPage: `https://www.example.com${random.pick(PAGES)}`,
      missed: stage === 'offline',
      startedAt: new Date(startedAt).toISOString(),
      events: chatEvents(random, startedAt, handler.id, stage),
    };
  });
}

function chatEvents(random: Random, start: number, operatorId: string, stage: string): SimEvent[] {
  const events: SimEvent[] = [];
  const add = (type: string, params: Record<string, unknown>): void => {
    events.push({ id: events.length + 1, type, params, createdAt: new Date(start + events.length * 45_000).toISOString() });
  };
  add('page-opened', { url: `https://www.example.com${random.pick(PAGES)}` });
  if (random.chance(0.3)) add('trigger-message', { text: 'Hi there! Any questions? We are online.' });
  const topic = random.int(0, QUESTIONS.length - 1);
  add('visitor-message', { text: QUESTIONS[topic] });
  if (stage === 'offline' || stage === 'initiated') {
    if (stage === 'offline') add('email-requested', {});
    return events;
  }
  add('operator-invited', { operatorId });
  add('operator-message', { text: ANSWERS[topic], operatorId });
  if (random.chance(0.6)) add('visitor-message', { text: 'Great, thanks!' });
  return events;
}
