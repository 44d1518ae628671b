/**
 * Type-level contract of the library, checked by `tsc --noEmit` (part of `npm test`): the generated
 * types make a wrong input a compile error and type each result. The runtime assertions are no-ops.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createConnector,
  type ActionKey,
  type Chat,
  type ListVisitorsOutput,
  type Operator,
  type Visitor,
} from '../src/index.js';

// Never called: only compiled.
async function typeContract(): Promise<void> {
  const chaport = createConnector({ token: 'x' });

  const visitor = await chaport.run('get-visitor', { visitorId: '67db74c36679c4267a1c2af1' });
  expectTypeOf(visitor).toEqualTypeOf<Visitor>();
  expectTypeOf(visitor.id).toEqualTypeOf<string>();

  // @ts-expect-error visitorId is required
  await chaport.run('get-visitor', {});
  // @ts-expect-error visitorId is a string
  await chaport.run('get-visitor', { visitorId: 42 });
  // @ts-expect-error unknown fields are rejected
  await chaport.run('get-visitor', { visitorId: 'a', extra: true });
  // @ts-expect-error unknown action key
  await chaport.run('get-visitorz', {});

  const page = await chaport.run('list-visitors', { cursor: '2' });
  expectTypeOf(page).toEqualTypeOf<ListVisitorsOutput>();
  expectTypeOf(page.records).toEqualTypeOf<Visitor[]>();
  expectTypeOf(page.cursor).toEqualTypeOf<string | undefined>();

  const operators = await chaport.run('list-operators', {});
  expectTypeOf(operators.records).toEqualTypeOf<Operator[]>();

  const chat = await chaport.run('get-chat', { visitorId: 'a', chatId: 1 });
  expectTypeOf(chat).toEqualTypeOf<Chat>();

  await chaport.run('send-message', { visitorId: 'a', operatorId: 'b', text: 'hi' });
  // @ts-expect-error text is required
  await chaport.run('send-message', { visitorId: 'a', operatorId: 'b' });

  expectTypeOf<'send-message'>().toMatchTypeOf<ActionKey>();

  // Paging is typed by the list action: its records are visitors.
  for await (const v of chaport.paginate('list-visitors', {}, { maxRecords: 10 })) expectTypeOf(v).toEqualTypeOf<Visitor>();
  const all = await chaport.paginate('list-operators', {}).collect();
  expectTypeOf(all.records).toEqualTypeOf<Operator[]>();
  // @ts-expect-error get-visitor is not a list action
  chaport.paginate('get-visitor', { visitorId: 'a' });

  const raw = await chaport.request({ method: 'GET', path: '/visitors', query: { page: 2 } });
  expectTypeOf(raw.status).toEqualTypeOf<number>();
  expectTypeOf(raw.data).toEqualTypeOf<unknown>();
}

describe('library types', () => {
  // The assertions above fail `tsc --noEmit` (run by `npm test`), not this vitest case.
  it('are checked by tsc when npm test type-checks typeContract', () => {
    expectTypeOf(typeContract).toBeFunction();
  });
});
