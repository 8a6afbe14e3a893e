import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AppConfig } from '../../config/src/config.js';
import { APP_CONFIG } from '../../config/src/config.module.js';
import { dataSourceOptions } from './data-source-options.js';
import { entities } from './entities.js';

@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions({ ...config.database, logging: config.logLevel !== 'silent' }),
            // Keep trying at boot so the process survives a database that starts later.
            retryAttempts: Number.MAX_SAFE_INTEGER,
            retryDelay: 2000,
          }),
        }),
        TypeOrmModule.forFeature(entities),
      ],
      exports: [TypeOrmModule],
    };
  }
}
