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

/** Event names the sandbox delivers to hook subscriptions. */
export const WEBHOOK_EVENTS = ['chat.started', 'chat.finished'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Chat event types: the first two are seen in real clients; the others are guesses at names Chaport may use. */
export const MESSAGE_EVENT_TYPES = ['visitor-message', 'operator-message'] as const;
export const OTHER_EVENT_TYPES = ['page-opened', 'trigger-message', 'operator-invited', 'email-requested'] as const;
