import { type BodyIn, fillPath, type ParamsIn, type QueryIn, type ResponseOf, type RouteContract } from '../../../src/shared/contract';
import { type Query, request, type RequestOptions } from './client';

/**
 * What a call sends: exactly the parts the route's contract declares, typed from its schemas.
 * Parts a route does not have cannot be passed.
 */
export type CallInput<C extends RouteContract> = (ParamsIn<C> extends undefined ? { params?: undefined } : { params: ParamsIn<C> }) &
  (QueryIn<C> extends undefined ? { query?: undefined } : { query?: QueryIn<C> }) &
  (BodyIn<C> extends undefined ? { body?: undefined } : { body: BodyIn<C> }) &
  Pick<RequestOptions, 'expectUnauthenticated'>;

/**
 * Calls a route through its contract (src/modules/<m>/<m>.contract.ts): the path, method and
 * the types of what goes in and comes out are the server's own, so they cannot drift.
 */
export function call<C extends RouteContract>(contract: C, ...[input]: Partial<Record<string, never>> extends CallInput<C> ? [CallInput<C>?] : [CallInput<C>]): Promise<ResponseOf<C>> {
  const path = fillPath(contract.path, input?.params as Record<string, string | number> | undefined);
  const options: RequestOptions = {};
  if (input?.query !== undefined) options.query = input.query as Query;
  if (input?.body !== undefined) options.body = input.body;
  else if (contract.method === 'POST') options.body = {};
  if (input?.expectUnauthenticated) options.expectUnauthenticated = true;
  return request<ResponseOf<C>>(contract.method, path, options);
}
