import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '../../../libs/config/src/config.js';
import { WorkerModule } from './worker.module.js';

const config = loadConfigOrExit();
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
app.useLogger(app.get(Logger));
// SIGTERM/SIGINT close the BullMQ workers, which wait for jobs in flight.
app.enableShutdownHooks();
await app.init();
process.stdout.write('Worker started\n');
