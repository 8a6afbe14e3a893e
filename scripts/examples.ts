/**
 * Rebuilds docs/examples/ from the demo: a throwaway PostgreSQL, migrated and seeded as
 * `npm start` seeds it (agency registry, demo accounts, sample documents, demo progress),
 * then the ledger (台账, xlsx and csv) and last week's weekly report (周报, docx) written
 * by the same code the API serves them with.
 *   npm run examples
 * No Redis: the seeding and the exports touch only the database.
 */
import { compileProjectWithSwc } from '../test/support/swc-loader.js';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs/examples');

// Nest injects by the decorator metadata that tsx does not emit: the project's TypeScript is
// compiled with SWC through a module hook, registered before any of it is imported.
compileProjectWithSwc();
await import('reflect-metadata');
const { DataSource } = await import('typeorm');
const { startThrowawayPostgres } = await import('../test/support/test-services.js');
const { migrate, withDatabase } = await import('../test/support/database.js');
const { dataSourceOptions } = await import('../libs/database/src/data-source-options.js');
const { batchImport } = await import('../apps/cli/src/batch-import.js');
const { DEFAULT_DEMO_PASSWORD, SAMPLE_FOLDERS, seedDemo } = await import('../apps/cli/src/demo.js');
const { createDemoContext, seedDemoProgress } = await import('../apps/cli/src/demo-progress.js');
const { ReportsService } = await import('../libs/core/src/reports/reports.service.js');
const { SnapshotService } = await import('../libs/core/src/reports/snapshot.service.js');
const { writeLedgerXlsx } = await import('../libs/core/src/reports/exports/ledger-xlsx.js');
const { ledgerCsv } = await import('../libs/core/src/reports/exports/ledger-csv.js');
const { buildWeeklyReportDocx } = await import('../libs/core/src/reports/exports/weekly-report-docx.js');

const say = (line: string) => process.stdout.write(`${line}\n`);

const postgres = await startThrowawayPostgres();
try {
  const url = withDatabase(postgres.url, 'postgres');
  await migrate(url);
  // The steps of `cli seed-demo`, in its order.
  const dataSource = await new DataSource({ ...dataSourceOptions({ url }), logging: ['error'] }).initialize();
  try {
    const seeded = await seedDemo(dataSource, process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD);
    say(`Demo seeded: ${seeded.agenciesAdded} agencies and ${seeded.usersAdded} users added`);
    const folders = SAMPLE_FOLDERS.map((folder) => path.join(root, folder));
    for (const { line } of await batchImport(dataSource, folders, 20 * 1024 * 1024)) say(`  ${line}`);
  } finally {
    await dataSource.destroy();
  }
  const app = await createDemoContext(url);
  try {
    say((await seedDemoProgress(app)).line);
    mkdirSync(out, { recursive: true });
    // The office's view: the whole ledger, as a coordinator or supervisor exports it.
    const office = { id: 'examples', email: 'examples', role: 'supervisor' as const, agencyId: null };
    const reports = app.get(ReportsService);
    const xlsxFile = createWriteStream(path.join(out, '督办台账.xlsx'));
    // writeLedgerXlsx rejects with the stream's error too; unheard, the event would end the process.
    xlsxFile.on('error', () => undefined);
    const rows = await writeLedgerXlsx(reports.ledgerRows(office), xlsxFile, {
      title: '试点任务督办台账',
      generatedAt: new Date(),
    });
    await pipeline(ledgerCsv(reports.ledgerRows(office)), createWriteStream(path.join(out, '督办台账.csv')));
    const snapshots = app.get(SnapshotService);
    const snapshot = await snapshots.get(snapshots.lastClosedPeriod());
    writeFileSync(path.join(out, '督办周报.docx'), await buildWeeklyReportDocx(snapshot.data));
    say(
      `Wrote ${path.relative(root, out)}/: 督办台账.xlsx and 督办台账.csv (${rows} tasks), 督办周报.docx (${snapshot.period})`,
    );
  } finally {
    await app.close();
  }
} finally {
  await postgres.destroy();
}
