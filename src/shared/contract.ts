import type { z } from 'zod';

/**
 * One definition per HTTP route, shared by the server (which mounts it with `mount`, see
 * src/server/route.ts, and publishes it in the OpenAPI document) and the web app (which calls it
 * with `call`, see web/src/api/call.ts). Paths, queries, bodies and responses are therefore
 * written once; the web never restates a path or casts a response.
 *
 * Paths use Fastify's `:name` parameters. Keep contract files free of server-only imports: the
 * web bundles them.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Schema = z.ZodType;

export interface RouteContract {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly params?: Schema;
  readonly query?: Schema;
  readonly body?: Schema;
  /** Responses by status code; the success codes (2xx) are what `call` returns. */
  readonly responses: Readonly<Record<number, Schema>>;
  /** Hidden from the OpenAPI document (e.g. internal helpers). */
  readonly hide?: boolean;
  readonly description?: string;
}

/** Keeps the literal types of a contract (method, path, schemas) for inference. */
export function defineRoute<const C extends RouteContract>(contract: C): C {
  return contract;
}

type Success = 200 | 201 | 202 | 204;
type SchemaAt<C extends RouteContract, K extends 'params' | 'query' | 'body'> = C[K] extends Schema ? C[K] : undefined;

/** What the server handler receives after validation. */
export type ParamsOf<C extends RouteContract> = SchemaAt<C, 'params'> extends Schema ? z.output<SchemaAt<C, 'params'>> : Record<string, never>;
export type QueryOf<C extends RouteContract> = SchemaAt<C, 'query'> extends Schema ? z.output<SchemaAt<C, 'query'>> : Record<string, never>;
export type BodyOf<C extends RouteContract> = SchemaAt<C, 'body'> extends Schema ? z.output<SchemaAt<C, 'body'>> : undefined;

/** What a caller sends (before defaults and coercion are applied). */
export type ParamsIn<C extends RouteContract> = SchemaAt<C, 'params'> extends Schema ? z.input<SchemaAt<C, 'params'>> : undefined;
export type QueryIn<C extends RouteContract> = SchemaAt<C, 'query'> extends Schema ? z.input<SchemaAt<C, 'query'>> : undefined;
export type BodyIn<C extends RouteContract> = SchemaAt<C, 'body'> extends Schema ? z.input<SchemaAt<C, 'body'>> : undefined;

type SuccessKeys<C extends RouteContract> = Extract<keyof C['responses'], Success>;
/** The parsed success response(s) of a route. */
export type ResponseOf<C extends RouteContract> = SuccessKeys<C> extends never
  ? undefined
  : C['responses'][SuccessKeys<C>] extends infer S
    ? S extends Schema
      ? z.output<S>
      : never
    : never;
/** What a handler may return for its success response(s) (the serialiser's input). */
export type ReplyOf<C extends RouteContract> = SuccessKeys<C> extends never
  ? undefined
  : C['responses'][SuccessKeys<C>] extends infer S
    ? S extends Schema
      ? z.input<S>
      : never
    : never;

/** `/api/v1/things/:id` with `{ id: 'x y' }` → `/api/v1/things/x%20y`. Unknown names throw. */
export function fillPath(path: string, params: Readonly<Record<string, string | number>> | undefined): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}
