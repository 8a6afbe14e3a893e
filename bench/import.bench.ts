/**
 * Importing 1,000 documents of 100 tasks each into PostgreSQL (decode, extract,
 * plan, one transaction per document with batched inserts), beside the floor of
 * extracting the same documents without a database.
 *   npx tsx bench/import.bench.ts [documents=1000] [tasksPerDocument=100]
 * Uses DATABASE_URL when it names a database containing "bench"; otherwise starts
 * a throwaway PostgreSQL cluster.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadAgencyRegistry, seedAgencies } from '../libs/core/src/agencies/agency-registry.js';
import { standaloneImportService } from '../libs/core/src/imports/import.service.js';
import { dataSourceOptions } from '../libs/database/src/data-source-options.js';
import { REGISTRY_SEED } from '../libs/extraction/src/registry-data.js';
import { extractFromText } from '../libs/extraction/src/index.js';
import { migrate, withDatabase } from '../test/support/database.js';
import { startThrowawayPostgres } from '../test/support/test-services.js';

const documentCount = Number(process.argv[2] ?? 1000);
const tasksPerDocument = Number(process.argv[3] ?? 100);
const agencies = REGISTRY_SEED.filter((a) => a.kind === 'municipal_bureau').map((a) => a.shortName);

/** A national-style notice with numbered tasks, owners and deadlines in the usual annotation forms. */
function documentText(n: number): string {
  const lines = [
    `北京市人民政府办公厅关于推进第${n}批改革试点任务的通知`,
    `京政办发〔2030〕${n}号`,
    '各区人民政府，市政府各委、办、局：',
  ];
  for (let section = 0; section < tasksPerDocument / 10; section++) {
    lines.push(`${'一二三四五六七八九十'[section % 10]}、重点领域${section + 1}`);
    for (let item = 1; item <= 10; item++) {
      const k = section * 10 + item;
      const lead = agencies[(n + k) % agencies.length];
      const co = agencies[(n + k + 7) % agencies.length];
      lines.push(
        `${k}.推进第${k}项改革措施。围绕重点领域${section + 1}，完善制度设计，优化办事流程，提升服务效能。` +
          `(责任单位:${lead}、${co};完成时限:2031年${(k % 12) + 1}月底前)`,
      );
    }
  }
  lines.push('北京市人民政府办公厅', '2030年1月5日');
  return lines.join('\n');
}

const texts = Array.from({ length: documentCount }, (_, i) => documentText(i + 1));
const megabytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;

let started = performance.now();
let extractedTasks = 0;
for (const text of texts) extractedTasks += extractFromText(text).documents.reduce((n, d) => n + d.tasks.length, 0);
const floorMs = performance.now() - started;

const given = process.env.DATABASE_URL;
const postgres = given && /bench/.test(new URL(given).pathname) ? null : await startThrowawayPostgres();
const url = postgres ? withDatabase(postgres.url, 'postgres') : (given as string);
await migrate(url);
const dataSource = await new DataSource({ ...dataSourceOptions({ url }), logging: false }).initialize();
await dataSource.transaction((manager) => seedAgencies(manager, REGISTRY_SEED));
const imports = standaloneImportService(dataSource);
const registry = await loadAgencyRegistry(dataSource.manager);

started = performance.now();
let storedTasks = 0;
for (let i = 0; i < texts.length; i++) {
  const { summary } = await imports.importWithoutReview(
    `doc-${i + 1}.txt`,
    Buffer.from(texts[i]),
    null,
    20 * 1024 * 1024,
    registry,
  );
  storedTasks += summary?.documents.reduce((n, d) => n + d.added, 0) ?? 0;
}
const importMs = performance.now() - started;
const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM task_assignments');
await dataSource.destroy();
await postgres?.destroy();

const row = (label: string, ms: number) =>
  console.log(
    `${label.padEnd(40)} ${(ms / 1000).toFixed(2).padStart(7)} s   ${(documentCount / (ms / 1000)).toFixed(0).padStart(6)} docs/s   ${((extractedTasks / ms) * 1000).toFixed(0).padStart(7)} tasks/s`,
  );
console.log(`${documentCount} documents × ${tasksPerDocument} tasks, ${megabytes.toFixed(1)} MB of text`);
row('extraction only, no database (floor)', floorMs);
row('import into PostgreSQL (full pipeline)', importMs);
console.log(
  `import / floor = ${(importMs / floorMs).toFixed(1)}x; tasks stored ${storedTasks} of ${extractedTasks} extracted; assignments ${count}; target < 60 s`,
);
