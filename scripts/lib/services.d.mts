// Types for services.mjs, so that the TypeScript tests can use it.
export interface RunningService {
  url: string;
  stop(): Promise<void>;
}
export interface ServiceStatus {
  running: boolean;
  pid: number | null;
  port: number | null;
}
export function waitForPort(host: string, port: number, timeoutMs?: number): Promise<void>;
export function findPostgresBin(): string | null;
export function findRedisServer(): string | null;
export function ensureBinaries(options?: { postgres?: boolean; redis?: boolean; browser?: boolean }): Promise<void>;
export const CHROMIUM: string;
export function postgresStatus(options: { dataDir: string }): Promise<ServiceStatus>;
export function startPostgres(options: { dataDir: string; port: number; fsync?: boolean }): Promise<RunningService>;
export function stopPostgres(options: { dataDir: string }): Promise<void>;
export function psql(url: string, sql: string): Promise<string>;
export function ensureDatabase(options: { url: string; name: string }): Promise<string>;
export function redisStatus(options: { dataDir: string; port?: number }): Promise<ServiceStatus>;
export function startRedis(options: { dataDir: string; port: number; persistent?: boolean }): Promise<RunningService>;
export function stopRedis(options: { dataDir: string }): Promise<void>;
