import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * Every environment variable the processes read, with its default.
 * `.env.example` lists the same set; keep them in step.
 */
class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string;

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL: string;

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (generate one with: openssl rand -hex 32)' })
  JWT_SECRET: string;

  @Matches(/^\d+[smhd]?$/, { message: 'must be a duration such as 3600, 30m, 8h or 7d' })
  JWT_EXPIRES_IN = '8h';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsInt()
  @Min(100)
  DB_CONNECT_TIMEOUT_MS = 3000;

  @IsInt()
  @Min(1)
  DB_POOL_SIZE = 10;

  @IsIn(['true', 'false'])
  MIGRATIONS_RUN = 'false';

  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

  /** Where people reach the app (links in e-mails); defaults to http://localhost:PORT. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsString()
  QUEUE_PREFIX = 'tracker';

  /** SMTP server for e-mail digests (smtp://user:pass@host:587); without it, e-mail stays off. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = '试点任务督办 <noreply@localhost>';
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; publicUrl: string };
  database: { url: string; connectTimeoutMs: number; poolSize: number; migrationsRun: boolean };
  redis: { url: string; queuePrefix: string };
  auth: { jwtSecret: string; jwtExpiresIn: string };
  logLevel: string;
  uploads: { maxBytes: number };
  mail: { smtpUrl: string | null; from: string };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
  }
}

const numericVariables = new Set(['PORT', 'DB_CONNECT_TIMEOUT_MS', 'DB_POOL_SIZE', 'UPLOAD_MAX_BYTES']);

/** Reads and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    raw[key] = numericVariables.has(key) && /^\d+$/.test(value) ? Number(value) : value;
  }
  const vars = plainToInstance(EnvironmentVariables, raw, { excludeExtraneousValues: false });
  const errors = validateSync(vars, { whitelist: false, stopAtFirstError: true });
  if (errors.length > 0) {
    const first = errors[0];
    const value = env[first.property];
    const problem =
      value === undefined || value === ''
        ? 'is missing'
        : `is invalid: ${Object.values(first.constraints ?? {})[0] ?? 'bad value'}`;
    throw new ConfigError(first.property, problem);
  }
  return {
    env: vars.NODE_ENV as AppConfig['env'],
    http: {
      host: vars.HOST,
      port: vars.PORT,
      publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/$/, ''),
    },
    database: {
      url: vars.DATABASE_URL,
      connectTimeoutMs: vars.DB_CONNECT_TIMEOUT_MS,
      poolSize: vars.DB_POOL_SIZE,
      migrationsRun: vars.MIGRATIONS_RUN === 'true',
    },
    redis: { url: vars.REDIS_URL, queuePrefix: vars.QUEUE_PREFIX },
    auth: { jwtSecret: vars.JWT_SECRET, jwtExpiresIn: vars.JWT_EXPIRES_IN },
    logLevel: vars.LOG_LEVEL,
    uploads: { maxBytes: vars.UPLOAD_MAX_BYTES },
    mail: { smtpUrl: vars.SMTP_URL ?? null, from: vars.MAIL_FROM },
  };
}

/** Loads the config or ends the process with one line naming the bad variable. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
