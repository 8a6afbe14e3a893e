import { CaseErrors } from '../../../libs/core/src/cases/cases.service.js';
import { ReportErrors } from '../../../libs/core/src/reports/reports.service.js';
import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorCodes } from '../../../libs/common/src/error-codes.js';
import { AgencyErrors } from '../../../libs/core/src/agencies/agencies.service.js';
import { ImportErrors } from '../../../libs/core/src/imports/import-errors.js';
import { ProgressErrors } from '../../../libs/core/src/progress/progress.service.js';
import { TaskErrors } from '../../../libs/core/src/tasks/task-access.js';
import { UserErrors } from '../../../libs/core/src/users/users.service.js';
import { RESPONSE_SCHEMAS } from './openapi-responses.generated.js';

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/** Generated from the controllers' return types: see openapi-responses.ts. */
export interface ResponseSchemas {
  operations: Record<string, object>;
  components: Record<string, object>;
}

const ERROR_CODES = [
  ...Object.values(ErrorCodes),
  ...Object.values(UserErrors),
  ...Object.values(AgencyErrors),
  ...Object.values(ImportErrors),
  ...Object.values(TaskErrors),
  ...Object.values(ProgressErrors),
  ...Object.values(CaseErrors),
  ...Object.values(ReportErrors),
  'TASK.INVALID_TRANSITION.<STATUS>',
  'SERVICE.UNHEALTHY',
].sort();

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Invalid request (REQUEST.INVALID, REQUEST.UNKNOWN_FIELD, or a module code)',
  '401': 'Not signed in (AUTH.REQUIRED, AUTH.INVALID_TOKEN)',
  '403': 'Not allowed for your role or agency (AUTH.FORBIDDEN, TASK.ACTION_FORBIDDEN, …)',
  '404': 'Not found, or not visible to you',
  '409': 'Conflict with the current state (TASK.INVALID_TRANSITION.<STATUS>, TASK.STALE_VERSION, …)',
  '503': 'PostgreSQL unavailable (SERVICE.DATABASE_UNAVAILABLE)',
};

/**
 * The API's OpenAPI document: every route with its DTOs, plus the error body
 * and the stable error codes every operation may answer with.
 */
export function buildOpenApiDocument(
  app: INestApplication,
  responses: ResponseSchemas = RESPONSE_SCHEMAS,
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('试点任务督办 API (pilot task tracker)')
    .setDescription(
      'Errors are always `{statusCode, code, message, details?, requestId}`. Stable codes: ' +
        ERROR_CODES.map((code) => `\`${code}\``).join(', '),
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const clash = Object.keys(responses.components).filter((name) => document.components?.schemas?.[name]);
  if (clash.length > 0) throw new Error(`response types named like request DTOs: ${clash.join(', ')}`);
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...(responses.components as Record<string, SchemaObject>),
      ErrorBody: {
        type: 'object',
        required: ['statusCode', 'code', 'message'],
        properties: {
          statusCode: { type: 'integer', example: 409 },
          code: { type: 'string', enum: ERROR_CODES, example: 'TASK.STALE_VERSION' },
          message: { type: 'string' },
          details: {},
          requestId: { type: 'string' },
        },
      },
    },
  };
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      // The success answer's body, from the controller method's return type (openapi-responses.ts).
      const schema = responses.operations[operation.operationId];
      const success = Object.keys(operation.responses).find((status) => /^2\d\d$/.test(status));
      if (schema && success && !('content' in operation.responses[success])) {
        operation.responses[success] = {
          ...operation.responses[success],
          content: { 'application/json': { schema: schema as SchemaObject } },
        };
      }
      for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
        operation.responses[status] ??= {
          description,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
        };
      }
    }
  }
  return document;
}
