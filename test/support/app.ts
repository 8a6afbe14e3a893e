import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { type AppConfig, loadConfig } from '../../libs/config/src/config.js';
import { hashPassword } from '../../libs/core/src/users/password.js';
import { Agency, type AgencyKind } from '../../libs/core/src/agencies/agency.entity.js';
import { User, type UserRole } from '../../libs/core/src/users/user.entity.js';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123';

export function testConfig(overrides: Record<string, string>): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    REDIS_URL: process.env.REDIS_URL,
    DB_CONNECT_TIMEOUT_MS: '1000',
    ...overrides,
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  request(options: {
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    url: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<{ status: number; body: Record<string, unknown> & unknown[]; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** The real API on a given database, driven in-process through Fastify's inject (no port). */
export async function startTestApp(
  databaseUrl: string,
  redisUrl = process.env.REDIS_URL ?? '',
  extra: Record<string, string> = {},
): Promise<TestApp> {
  const app = await createApiApp(testConfig({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, ...extra }));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    dataSource: app.get(DataSource),
    async request({ method, url, token, body, headers }) {
      const response = await app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method,
          url,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
          ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
        });
      const text = response.body;
      return {
        status: response.statusCode,
        body: text && response.headers['content-type']?.toString().includes('json') ? JSON.parse(text) : text,
        headers: response.headers,
      };
    },
    close: () => app.close(),
  };
}

export async function createAgency(dataSource: DataSource, name: string, kind: AgencyKind = 'municipal_bureau') {
  return dataSource.getRepository(Agency).save({ name, kind });
}

export async function createUser(
  dataSource: DataSource,
  fields: { email: string; role: UserRole; password?: string; agencyId?: string | null; isActive?: boolean },
) {
  return dataSource.getRepository(User).save({
    email: fields.email,
    displayName: fields.email.split('@')[0],
    role: fields.role,
    agencyId: fields.agencyId ?? null,
    isActive: fields.isActive ?? true,
    passwordHash: await hashPassword(fields.password ?? 'correct horse battery'),
  });
}

export async function login(testApp: TestApp, email: string, password = 'correct horse battery'): Promise<string> {
  const response = await testApp.request({ method: 'POST', url: '/api/auth/login', body: { email, password } });
  if (response.status !== 200) throw new Error(`login failed for ${email}: ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}

/** The real worker (BullMQ processors) in this process, on the given database and queue prefix. */
/**
 * The real worker, in-process. With `now`, its clock shows that instant from the start (before
 * its first sweep, which runs as soon as it starts); tests may move it later through CLOCK.
 */
export async function startTestWorker(databaseUrl: string, extra: Record<string, string> = {}, now?: Date) {
  const { Test } = await import('@nestjs/testing');
  const { WorkerModule } = await import('../../apps/worker/src/worker.module.js');
  const { CLOCK } = await import('../../libs/core/src/clock.js');
  const builder = Test.createTestingModule({
    imports: [WorkerModule.forRoot(testConfig({ DATABASE_URL: databaseUrl, ...extra }))],
  });
  if (now) builder.overrideProvider(CLOCK).useValue({ now: () => now });
  const context = await builder.compile();
  context.useLogger(false);
  await context.init();
  return context;
}

/** Polls until the check passes; fails the test when the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const result = await check();
    if (result) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** Sets the time the application sees (its injected clock) to a fixed instant. */
export async function setNow(testApp: TestApp, iso: string): Promise<void> {
  const { CLOCK } = await import('../../libs/core/src/clock.js');
  const clock = testApp.app.get<{ now: () => Date }>(CLOCK);
  clock.now = () => new Date(iso);
}

/** A source file with one policy document in it, for tests that create their tasks by hand. */
export async function createDocument(dataSource: DataSource, title = '测试文件'): Promise<string> {
  const { randomBytes } = await import('node:crypto');
  const { SourceFile } = await import('../../libs/core/src/documents/source-file.entity.js');
  const { PolicyDocument } = await import('../../libs/core/src/documents/policy-document.entity.js');
  const file = await dataSource.getRepository(SourceFile).save({
    fileName: 'test.txt',
    sha256: randomBytes(32).toString('hex'),
    encoding: 'utf-8',
    byteSize: 1,
    text: '1.任务',
  });
  const document = await dataSource.getRepository(PolicyDocument).save({
    sourceFileId: file.id,
    title,
    documentKey: `title:${title}`,
    kind: 'notice',
    spanStart: 0,
    spanEnd: 4,
  });
  return document.id;
}
