// Administrative commands that run beside the API and the worker:
//   node dist/apps/cli/src/main.js migrate                apply pending migrations
//   node dist/apps/cli/src/main.js seed-demo              agencies, demo accounts (DEMO_PASSWORD), sample documents,
//                                                         then a few weeks of progress on them (once)
//   node dist/apps/cli/src/main.js import PATH...         import files or folders without review
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../libs/database/src/data-source-options.js';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { batchImport } from './batch-import.js';
import { DEFAULT_DEMO_PASSWORD, SAMPLE_FOLDERS, seedDemo } from './demo.js';
import { createDemoContext, seedDemoProgress } from './demo-progress.js';

const usage = 'usage: cli migrate | seed-demo | import PATH...';
const maxBytes = Number(process.env.UPLOAD_MAX_BYTES) || 20 * 1024 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const sampleFolders = SAMPLE_FOLDERS.map((folder) => path.join(root, folder));

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is missing\n');
    return 2;
  }
  const dataSource = await new DataSource({ ...dataSourceOptions({ url }), logging: ['error'] }).initialize();
  try {
    switch (command) {
      case 'migrate': {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        process.stdout.write(
          `Migrations applied: ${applied.length === 0 ? 'none pending' : applied.map((m) => m.name).join(', ')}\n`,
        );
        return 0;
      }
      case 'seed-demo': {
        if (process.env.NODE_ENV === 'production') {
          process.stderr.write('Refusing to seed demo accounts when NODE_ENV=production\n');
          return 2;
        }
        const result = await seedDemo(dataSource, process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD);
        process.stdout.write(`Demo seeded: ${result.agenciesAdded} agencies and ${result.usersAdded} users added\n`);
        for (const { line } of await batchImport(dataSource, sampleFolders, maxBytes))
          process.stdout.write(`  ${line}\n`);
        // After the import: the progress is written on the sample tasks.
        const app = await createDemoContext(url);
        try {
          process.stdout.write(`${(await seedDemoProgress(app)).line}\n`);
        } finally {
          await app.close();
        }
        return 0;
      }
      case 'import': {
        if (args.length === 0) {
          process.stderr.write(`${usage}\n`);
          return 2;
        }
        const results = await batchImport(dataSource, args, maxBytes);
        for (const { line } of results) process.stdout.write(`${line}\n`);
        return results.some((r) => r.outcome === 'failed') ? 1 : 0;
      }
      default:
        process.stderr.write(`${usage}\n`);
        return 2;
    }
  } finally {
    await dataSource.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
