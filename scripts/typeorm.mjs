#!/usr/bin/env node
// Runs the TypeORM CLI against the compiled DataSource (decorator metadata
// needs tsc's output). Usage:
//   node scripts/typeorm.mjs migration:generate Name   write migrations/<timestamp>-Name.ts
//   node scripts/typeorm.mjs migration:check           fail when entities and migrations disagree
//   node scripts/typeorm.mjs migration:run | migration:revert
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command, name] = process.argv.slice(2);
const dataSource = 'dist/libs/database/src/data-source.js';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is missing (start the local services with: npm run services:start)');
  process.exit(2);
}
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']);

const cli = 'node_modules/typeorm/cli.js';
switch (command) {
  case 'migration:generate':
    if (!name) {
      console.error('usage: node scripts/typeorm.mjs migration:generate <Name>');
      process.exit(2);
    }
    run(process.execPath, [cli, 'migration:generate', `migrations/${name}`, '-d', dataSource, '--pretty', '--esm']);
    console.log('Now add the new class to migrations/index.ts, review the SQL and commit it.');
    break;
  case 'migration:check':
    run(process.execPath, [cli, 'migration:run', '-d', dataSource]);
    run(process.execPath, [cli, 'migration:generate', 'migrations/Check', '-d', dataSource, '--check']);
    break;
  case 'migration:run':
  case 'migration:revert':
    run(process.execPath, [cli, command, '-d', dataSource]);
    break;
  default:
    console.error(
      'usage: node scripts/typeorm.mjs migration:generate <Name> | migration:check | migration:run | migration:revert',
    );
    process.exit(2);
}
