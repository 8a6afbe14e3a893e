import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type AppConfig } from './config.js';

/** Injection token for the typed AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Holds the config that main() loaded and validated before Nest started. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
