// Starts throwaway PostgreSQL and Redis (unless DATABASE_URL / REDIS_URL are
// given), migrates a template database once, and hands the URLs to the test
// workers through the environment. Plain ESM: Jest loads global setup outside
// its module system, so the TypeScript helpers come in through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { assertTestDatabaseName, migrate, withDatabase, createDatabase } = await tsImport(
    '../support/database.ts',
    import.meta.url,
  );
  const { startThrowawayPostgres, startThrowawayRedis } = await tsImport(
    '../support/test-services.ts',
    import.meta.url,
  );

  globalThis.testServices = [];
  let serverUrl;
  let baseName;
  if (process.env.DATABASE_URL) {
    const given = new URL(process.env.DATABASE_URL);
    baseName = decodeURIComponent(given.pathname.slice(1));
    assertTestDatabaseName(baseName);
    serverUrl = given.toString();
  } else {
    const postgres = await startThrowawayPostgres();
    globalThis.testServices.push(postgres);
    serverUrl = withDatabase(postgres.url, 'postgres');
    baseName = 'tracker_test';
  }
  if (!process.env.REDIS_URL) {
    const redis = await startThrowawayRedis();
    globalThis.testServices.push(redis);
    process.env.REDIS_URL = redis.url;
  }

  const template = `${baseName}_template`;
  await createDatabase(serverUrl, template, { replace: true });
  await migrate(withDatabase(serverUrl, template));

  process.env.TEST_DATABASE_ADMIN_URL = serverUrl;
  process.env.TEST_DATABASE_TEMPLATE = template;
  // No test may reach a database other than its own clone.
  delete process.env.DATABASE_URL;
}
