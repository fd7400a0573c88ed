import type { FastifyReply, FastifyRequest, RouteHandlerMethod, RouteShorthandOptions } from 'fastify';
import type { BodyOf, ParamsOf, QueryOf, ReplyOf, RouteContract } from '../shared/contract';
import type { AppInstance } from './app';

/** The request a contract's handler receives: params, query and body already validated. */
export type ContractRequest<C extends RouteContract> = FastifyRequest<{ Params: ParamsOf<C>; Querystring: QueryOf<C>; Body: BodyOf<C> }>;

/**
 * A handler returns the success body (serialised with the contract's response schema), or sends
 * through `reply` itself (another status code, a file, a redirect) and returns the reply.
 */
export type ContractHandler<C extends RouteContract> = (request: ContractRequest<C>, reply: FastifyReply) => Promise<ReplyOf<C> | FastifyReply>;

export type MountOptions = Pick<RouteShorthandOptions, 'onRequest' | 'preHandler' | 'preValidation' | 'config' | 'bodyLimit'>;

/**
 * Registers a route from its contract: the contract gives the method, the URL and every schema
 * (validation, serialisation and the OpenAPI document), so routes and the web client cannot drift.
 */
export function mount<C extends RouteContract>(app: AppInstance, contract: C, handler: ContractHandler<C>, options: MountOptions = {}): void {
  app.route({
    ...options,
    method: contract.method,
    url: contract.path,
    schema: {
      summary: contract.summary,
      ...(contract.description === undefined ? {} : { description: contract.description }),
      tags: [...contract.tags],
      ...(contract.hide ? { hide: true } : {}),
      ...(contract.params === undefined ? {} : { params: contract.params }),
      ...(contract.query === undefined ? {} : { querystring: contract.query }),
      ...(contract.body === undefined ? {} : { body: contract.body }),
      response: contract.responses,
    },
    // The one place a contract handler meets Fastify's untyped route table: the schemas above
    // validate exactly the shapes ContractRequest promises.
    handler: handler as unknown as RouteHandlerMethod,
  });
}
