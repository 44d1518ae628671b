/** @module The sandbox's records, shaped as Chaport replies (see connector/schemas.yaml). */

export interface SimOperator {
  id: string;
  email: string;
  name: string;
  language: string;
  jobTitle: string;
  role: string;
  lastLoginAt: string;
  lastActivityAt: string;
  image: string;
  lastStatus: string;
  realStatus: string;
}

export interface SimTeam {
  id: string;
  name: string;
}

export interface SimVisitor {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  notes: string | null;
  custom: Record<string, unknown>;
  utm: Record<string, string>;
  emailMarketingConsent: boolean;
  sourceHost: string | null;
  country: string;
  city: string;
  browser: string;
  os: string;
  lastSeenAt: string;
}

export interface SimEvent {
  id: number;
  type: string;
  params: Record<string, unknown>;
  createdAt: string;
}

export interface SimChat {
  id: number;
  stage: string;
  operators: string[];
  team: string | null;
  rating: number | null;
  startPage: string;
  missed: boolean;
  startedAt: string;
  events: SimEvent[];
}

export interface SimWebhook {
  id: string;
  targetUrl: string;
  event: string;
  essential: boolean;
  createdAt: string;
}

/**
 * The moments of a chat's life the sandbox simulates, by the names of the webhook events declared for
 * them (events/*.yaml); a delivery is made only for a declared event, with its declared payload.
 */
export type WebhookEvent = 'chat.started' | 'chat.finished';

/**
 * Message event types, as seen in real clients. The sandbox's other event types (page-opened,
 * trigger-message, operator-invited, email-requested; see seed.ts) are guesses at Chaport's names.
 */
export const MESSAGE_EVENT_TYPES = ['visitor-message', 'operator-message'] as const;
