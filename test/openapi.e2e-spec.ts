import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../apps/api/src/openapi.js';
import {
  RESPONSE_SCHEMAS_FILE,
  generateResponseSchemas,
  responseSchemasModule,
} from '../scripts/lib/response-schemas.mjs';
import { startTestApp, type TestApp } from './support/app.js';
import { responseChecker } from './support/openapi-responses.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const FILE = 'docs/openapi.json';
const UPDATE = process.env.UPDATE_OPENAPI === '1';

/** Fails with the command that fixes it when a committed generated file differs from what the code gives. */
function expectCommitted(file: string, generated: string): void {
  if (UPDATE) writeFileSync(file, generated);
  expect(existsSync(file)).toBe(true);
  if (readFileSync(file, 'utf8') !== generated) {
    throw new Error(`${file} is out of date: run \`npm run openapi\` and commit the result`);
  }
}

type Operation = {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

// docs/openapi.json and the response schemas it is built with are committed; this fails when
// the API changed and they did not. Regenerate both with: npm run openapi
describe('the committed OpenAPI document', () => {
  let database: TestDatabase;
  let api: TestApp;
  const responses = generateResponseSchemas();

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp(database.url);
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('is up to date and documents every route with its error responses', () => {
    expectCommitted(RESPONSE_SCHEMAS_FILE, responseSchemasModule(responses));
    const document = buildOpenApiDocument(api.app, responses);
    expectCommitted(FILE, `${JSON.stringify(document, null, 2)}\n`);
    const operations = Object.values(document.paths).flatMap((path) => Object.values(path));
    expect(operations.length).toBeGreaterThan(30);
    for (const operation of operations as Array<{ responses: Record<string, unknown> }>) {
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409']));
    }
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/tasks', '/api/tasks/{id}/actions/{action}', '/api/imports', '/health']),
    );
  });

  // While regenerating, the running API still has the schemas it was started with.
  (UPDATE ? it.skip : it)('is what the running API serves at /api/docs-json', async () => {
    const served = await api.request({ method: 'GET', url: '/api/docs-json' });
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(readFileSync(FILE, 'utf8')));
  });

  it('gives every route that answers JSON the schema of its answer', () => {
    const document = buildOpenApiDocument(api.app, responses);
    const operations = Object.values(document.paths).flatMap((path) => Object.values(path)) as Operation[];
    const ids = operations.map((operation) => operation.operationId);
    // Every return type belongs to a route (a renamed method would leave one behind).
    expect(Object.keys(responses.operations).filter((id) => !ids.includes(id))).toEqual([]);
    const withoutBody = operations
      .filter((operation) => {
        const [status, success] = Object.entries(operation.responses).find(([code]) => /^2/.test(code)) ?? [];
        return status !== '204' && !success?.content;
      })
      .map((operation) => operation.operationId);
    expect(withoutBody).toEqual([]);
    // Shared types are components, and each reference resolves.
    const text = JSON.stringify(document);
    const references = [...text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]);
    const schemas = document.components?.schemas ?? {};
    expect(references.filter((name) => !(name in schemas))).toEqual([]);
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['TaskReport', 'AgencyRollup', 'PublicUser']));
    // The checker the authorisation matrix runs every answer through tells a fitting body from a wrong one.
    const checker = responseChecker(document);
    expect(checker.problems('GET', '/api/tasks?page=1', 200, { items: [], page: 1, pageSize: 20, total: 0 })).toEqual(
      [],
    );
    expect(checker.problems('GET', '/api/tasks', 200, { items: [{ id: 1 }], page: '1' }).join('\n')).toMatch(
      /GET \/api\/tasks: \/items\/0 must have required property 'title'[\s\S]*\/page must be number/,
    );
    // What the API never sends (columns it never selects) is not documented either.
    expect(JSON.stringify(responses)).not.toMatch(/"(passwordHash|secret)"/);
  });
});
