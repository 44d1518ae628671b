/**
 * Type tests of the library (vitest typecheck runs tsc over this file): the generated types make a
 * wrong input a compile error and type each result. Each `@ts-expect-error` fails the test when the
 * line below it compiles, so a type that grows too loose is caught.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createConnector,
  createWebhookHandler,
  type ChatStartedPayload,
  type WebhookEventName,
  type ActionKey,
  type Chat,
  type HttpError,
  type ListVisitorsOutput,
  type Operator,
  type PageResult,
  type PaginationSummary,
  type RunResult,
  type Visitor,
} from '../src/index.js';

const chaport = createConnector({ token: 'x' });

describe('run()', () => {
  it('types the output by the action key', async () => {
    const visitor = await chaport.run('get-visitor', { visitorId: '67db74c36679c4267a1c2af1' });
    expectTypeOf(visitor).toEqualTypeOf<Visitor>();
    expectTypeOf(visitor.id).toEqualTypeOf<string>();
    expectTypeOf(await chaport.run('get-chat', { visitorId: 'a', chatId: 1 })).toEqualTypeOf<Chat>();
    expectTypeOf((await chaport.run('list-operators', {})).records).toEqualTypeOf<Operator[]>();
  });

  it('types a list page as records and an optional cursor', async () => {
    const page = await chaport.run('list-visitors', { cursor: '2' });
    expectTypeOf(page).toEqualTypeOf<ListVisitorsOutput>();
    expectTypeOf(page.records).toEqualTypeOf<Visitor[]>();
    expectTypeOf(page.cursor).toEqualTypeOf<string | undefined>();
  });

  it('refuses wrong inputs and unknown keys at compile time', async () => {
    // @ts-expect-error visitorId is required
    await chaport.run('get-visitor', {});
    // @ts-expect-error visitorId is a string
    await chaport.run('get-visitor', { visitorId: 42 });
    // @ts-expect-error unknown fields are rejected
    await chaport.run('get-visitor', { visitorId: 'a', extra: true });
    // @ts-expect-error unknown action key
    await chaport.run('get-visitorz', {});
    await chaport.run('send-message', { visitorId: 'a', operatorId: 'b', text: 'hi' });
    // @ts-expect-error text is required
    await chaport.run('send-message', { visitorId: 'a', operatorId: 'b' });
    expectTypeOf<'send-message'>().toMatchTypeOf<ActionKey>();
  });
});

describe('runDynamic(), paginate() and request()', () => {
  it('returns a run result with drift and, for lists, a typed page', async () => {
    const result = await chaport.runDynamic('list-visitors', {});
    expectTypeOf(result).toEqualTypeOf<RunResult>();
    expectTypeOf(result.page).toEqualTypeOf<PageResult | undefined>();
  });

  it('types paged records by the list action, and refuses an action that is not a list', async () => {
    for await (const v of chaport.paginate('list-visitors', {}, { maxRecords: 10 })) expectTypeOf(v).toEqualTypeOf<Visitor>();
    const all = await chaport.paginate('list-operators', {}).collect();
    expectTypeOf(all.records).toEqualTypeOf<Operator[]>();
    // @ts-expect-error get-visitor is not a list action
    chaport.paginate('get-visitor', { visitorId: 'a' });
  });

  it('types a raw reply and the fields of errors', async () => {
    const raw = await chaport.request({ method: 'GET', path: '/visitors', query: { page: 2 } });
    expectTypeOf(raw.status).toEqualTypeOf<number>();
    expectTypeOf(raw.data).toEqualTypeOf<unknown>();
    expectTypeOf<HttpError['status']>().toEqualTypeOf<number>();
    expectTypeOf<HttpError['pagination']>().toEqualTypeOf<PaginationSummary | undefined>();
  });

  it('types a webhook delivery by its event, once narrowed', () => {
    createWebhookHandler({
      pathToken: 'a-path-token-of-some-length',
      onEvent: (delivery) => {
        if (delivery.declared && delivery.event === 'chat.started') {
          expectTypeOf(delivery.payload).toEqualTypeOf<ChatStartedPayload>();
          expectTypeOf(delivery.payload.extras.chatId).toEqualTypeOf<number>();
        }
        if (delivery.declared) expectTypeOf(delivery.event).toEqualTypeOf<WebhookEventName>();
        // @ts-expect-error an undeclared delivery's payload is not typed by an event
        expectTypeOf(delivery.payload.extras.chatId).toEqualTypeOf<number>();
      },
    });
  });
});
