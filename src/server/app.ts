import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { type AppConfig, mapTileOrigins } from '../config';
import type { DatabaseKind } from '../db/connect';
import type { DB } from '../db/database';
import { modules } from '../modules/index';
import { version } from '../version';
import { registerRequestContext } from './context';
import { problemNotFound, registerErrorHandling, sendFrameworkError } from './errors';
import { registerInputGuard } from './input-guard';
import { registerUploadParsing } from './upload';

declare module 'fastify' {
  interface FastifyInstance {
    db: DB;
    dbKind: DatabaseKind;
    config: AppConfig;
  }
}

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface BuildAppOptions {
  db: DB;
  dbKind: DatabaseKind;
  config: AppConfig;
  /** false in tests; pino options otherwise. */
  logger?: boolean | { level: string; transport?: { target: string } };
  /** Directory of the built web app; not served when absent. */
  webDist?: string | null;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const defaultWebDist = path.resolve(here, '../../web/dist');

/** Smaller answers are not worth compressing (headers and CPU outweigh the bytes saved). */
const COMPRESS_THRESHOLD_BYTES = 1024;
const REVALIDATE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Vite names everything under assets/ by its content hash, so a changed file has a new name and
 * the old one may be cached for a year; index.html and unhashed files are revalidated each time.
 */
function cacheControlFor(relativePath: string): string {
  return relativePath.split(path.sep)[0] === 'assets' ? IMMUTABLE : REVALIDATE;
}

export async function buildApp(options: BuildAppOptions): Promise<AppInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.config.bodyLimitBytes,
    trustProxy: options.config.trustProxy,
    genReqId: (req) => {
      // Accept an upstream proxy's id so one request can be followed across processes.
      const upstream = req.headers['x-request-id'];
      return typeof upstream === 'string' && /^[\w.-]{8,64}$/.test(upstream) ? upstream : randomUUID();
    },
    // Keep connections from a slow or stuck client from holding shutdown forever.
    requestTimeout: 120_000,
    frameworkErrors: (error, request, reply) => void sendFrameworkError(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', options.db);
  app.decorate('dbKind', options.dbKind);
  app.decorate('config', options.config);

  registerErrorHandling(app);
  registerInputGuard(app);
  // CSV/.xlsx bodies are taken by import routes only, behind their gate (src/server/upload.ts).
  registerUploadParsing(app);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // The market map's tile server, and only when one is configured (docs/deploy.md).
        imgSrc: ["'self'", 'data:', 'blob:', ...mapTileOrigins(options.config.mapTiles)],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // The OpenAPI docs page serves its own assets; cross-origin isolation would block nothing we use.
    crossOriginEmbedderPolicy: false,
  });
  // JSON answers (a product's price series is hundreds of KB) travel compressed to clients that
  // accept it. Brotli at quality 4 compresses about as well as gzip -6 at a fraction of the CPU
  // of its default 11; the web app's own files are compressed once at build time instead.
  await app.register(fastifyCompress, {
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
  await app.register(fastifyCookie);
  registerRequestContext(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'herbloop API',
        description:
          'Open platform for the Chinese herbal-medicine industry. Errors are application/problem+json with a stable `code`.',
        version,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'herbloop_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (hlp_…), scoped to one organisation' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  for (const register of modules) {
    await app.register(register);
  }

  const webDist = options.webDist === undefined ? defaultWebDist : options.webDist;
  const indexHtml = webDist ? path.join(webDist, 'index.html') : null;
  if (webDist && indexHtml && fs.existsSync(indexHtml)) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      // web/vite.config.ts writes .br and .gz beside every asset; send them as they are.
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
      cacheControl: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', cacheControlFor(path.relative(webDist, file)));
      },
    });
    const html = fs.readFileSync(indexHtml);
    const sendHtml = (reply: FastifyReply) => reply.type('text/html').header('cache-control', REVALIDATE).send(html);
    app.get('/', { schema: { hide: true } }, (_req, reply) => sendHtml(reply));
    app.setNotFoundHandler((request, reply) => {
      // Client-side routes (/login, /admin/…) get the single-page app; unknown API paths a problem.
      if (request.method === 'GET' && !request.url.startsWith('/api/') && !path.extname(request.url.split('?')[0] ?? '')) {
        return sendHtml(reply);
      }
      return problemNotFound(request, reply);
    });
  } else {
    app.setNotFoundHandler(problemNotFound);
  }
  return app;
}
