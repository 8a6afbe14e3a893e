import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyInstance } from 'fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { requestIdFor } from '../../../libs/common/src/logger.js';
import { HttpExceptionFilter } from '../../../libs/common/src/http-exception.filter.js';
import { createValidationPipe } from '../../../libs/common/src/validation.js';
import { type AppConfig } from '../../../libs/config/src/config.js';
import { ApiModule } from './api.module.js';
import { buildOpenApiDocument } from './openapi.js';

/** Builds the configured API application; main() and the tests both use it. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    genReqId: requestIdFor,
  });
  // Limits apply only to routes that ask for one with @RouteConfig({ rateLimit }).
  await adapter.getInstance().register(rateLimit, { global: false });
  // Uploads: one file, bounded; a larger one is refused with 413 before it is read whole.
  await adapter.getInstance().register(multipart, {
    limits: { fileSize: config.uploads.maxBytes, files: 1, fields: 5, parts: 6 },
    throwFileSizeLimit: true,
  });
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await serveWebUi(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    bufferLogs: true,
    // Throw instead of exiting, so a caller (the tests, main) decides what a failed start means.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app));
  return app;
}

/** The built web UI (`npm run build:web`), found from the repository root whether this runs from source or dist/. */
function webUiDirectory(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  const dist = path.join(dir, 'apps', 'web', 'dist');
  return fs.existsSync(path.join(dist, 'index.html')) ? dist : null;
}

const API_PATHS = /^\/(api|health)(\/|$)/;

/** No `..` or `.` segments, dot-files, or NUL, even percent-encoded: such a request is simply not found. */
function isPlainPath(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  return !decoded.includes('\0') && decoded.split(/[\\/]/).every((segment) => !segment.startsWith('.'));
}

/**
 * Serves apps/web/dist at `/` when it has been built: its files, and index.html for any
 * other GET (the app's own routes, /tasks/…). /api and /health are never answered with
 * the page: what they do not match falls through to Nest's not-found handler, which
 * keeps the JSON error body (`ROUTE.NOT_FOUND`); so does a missing file (`/assets/old.js`).
 * Hashed assets are cached for a year; index.html is revalidated every time.
 */
async function serveWebUi(fastify: FastifyInstance): Promise<void> {
  const root = webUiDirectory();
  if (!root) return;
  const assets = path.join(root, 'assets') + path.sep;
  await fastify.register(fastifyStatic, {
    root,
    serve: false, // only reply.sendFile: the one route below decides what is a file and what is a page
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      reply.header('cache-control', filePath.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      reply.header('x-content-type-options', 'nosniff');
    },
  });
  fastify.get('/*', (request, reply) => {
    const pathname = (request.params as { '*'?: string })['*'] ?? '';
    if (API_PATHS.test(`/${pathname}`) || !isPlainPath(pathname)) return reply.callNotFound();
    // A name with an extension is a file (missing: 404); anything else is a page of the app.
    return reply.sendFile(path.posix.extname(pathname) ? pathname : 'index.html');
  });
}
