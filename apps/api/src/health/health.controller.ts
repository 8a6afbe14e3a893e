import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  type HealthCheckStatus,
  HealthIndicatorService,
  type HealthIndicatorStatus,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { AppError } from '../../../../libs/common/src/app-error.js';
import { type AppConfig } from '../../../../libs/config/src/config.js';
import { APP_CONFIG } from '../../../../libs/config/src/config.module.js';
import { WORKER_HEARTBEAT_KEY } from '../../../../libs/queue/src/queues.js';
import { REDIS_CLIENT } from '../../../../libs/queue/src/redis.module.js';
import { Public } from '../auth/auth.decorators.js';

const CHECK_TIMEOUT_MS = 1_500;

interface DependencyState {
  status: HealthIndicatorStatus;
  /** Milliseconds the database took to answer its ping. */
  responseTime?: number;
  message?: string;
}

/** Terminus's report (each dependency under `info` when up, `error` when down, all under `details`) and the worker's heartbeat. */
export interface HealthReport {
  status: HealthCheckStatus;
  info?: { [dependency: string]: DependencyState | undefined };
  error?: { [dependency: string]: DependencyState | undefined };
  details: { [dependency: string]: DependencyState };
  worker: { lastSeen: string | null };
}

/** Liveness of the API's dependencies: 200 when PostgreSQL and Redis answer, else 503. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async check(): Promise<HealthReport> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
        () => this.redisCheck(),
      ]);
      return { ...result, worker: await this.workerHeartbeat() };
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        throw new AppError(503, 'SERVICE.UNHEALTHY', '服务依赖不可用 (a dependency is down)', error.getResponse());
      }
      throw error;
    }
  }

  private async redisCheck() {
    const indicator = this.indicators.check('redis');
    try {
      const answer = await Promise.race([
        this.redis.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref()),
      ]);
      return answer === 'PONG' ? indicator.up() : indicator.down({ message: String(answer) });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Informational only: the worker's last heartbeat, if Redis can tell. */
  private async workerHeartbeat(): Promise<{ lastSeen: string | null }> {
    try {
      return { lastSeen: await this.redis.get(`${this.config.redis.queuePrefix}:${WORKER_HEARTBEAT_KEY}`) };
    } catch {
      return { lastSeen: null };
    }
  }
}
