import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../apps/api/src/openapi.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const FILE = 'docs/openapi.json';

// docs/openapi.json is committed; this fails when the API changed and the file did not.
// Regenerate with: npm run openapi
describe('the committed OpenAPI document', () => {
  let database: TestDatabase;
  let api: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startTestApp(database.url);
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('is up to date and documents every route with its error responses', () => {
    const document = buildOpenApiDocument(api.app);
    const generated = `${JSON.stringify(document, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(FILE, generated);
    expect(existsSync(FILE)).toBe(true);
    const committed = readFileSync(FILE, 'utf8');
    if (committed !== generated) {
      throw new Error(`${FILE} is out of date: run \`npm run openapi\` and commit the result`);
    }
    const operations = Object.values(document.paths).flatMap((path) => Object.values(path));
    expect(operations.length).toBeGreaterThan(30);
    for (const operation of operations as Array<{ responses: Record<string, unknown> }>) {
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409']));
    }
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/tasks', '/api/tasks/{id}/actions/{action}', '/api/imports', '/health']),
    );
  });
});
