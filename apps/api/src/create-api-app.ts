import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
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
