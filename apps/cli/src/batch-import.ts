import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type DataSource } from 'typeorm';
import { loadAgencyRegistry } from '../../../libs/core/src/agencies/agency-registry.js';
import { standaloneImportService } from '../../../libs/core/src/imports/import.service.js';
import { fileKind } from '../../../libs/ingest/src/decode.js';

/** Files named directly, and the importable files of named folders, in name order. */
export async function importableFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    if ((await stat(given)).isDirectory()) {
      const names = (await readdir(given)).filter((name) => fileKind(name)).sort();
      files.push(...names.map((name) => path.join(given, name)));
    } else files.push(given);
  }
  return files;
}

export interface BatchResult {
  file: string;
  outcome: 'imported' | 'duplicate' | 'failed';
  line: string;
}

/** Imports each file without review (documents, tasks, owners as extracted); one transaction per file. */
export async function batchImport(dataSource: DataSource, paths: string[], maxBytes: number): Promise<BatchResult[]> {
  const service = standaloneImportService(dataSource);
  const results: BatchResult[] = [];
  // Batch imports create no agencies, so the registry is read once.
  const registry = await loadAgencyRegistry(dataSource.manager);
  for (const file of await importableFiles(paths)) {
    const name = path.basename(file);
    const { job, summary } = await service.importWithoutReview(name, await readFile(file), null, maxBytes, registry);
    if (job.status === 'duplicate') {
      results.push({ file, outcome: 'duplicate', line: `= ${name}: imported before, nothing changed` });
    } else if (!summary) {
      results.push({ file, outcome: 'failed', line: `✗ ${name}: ${job.errorCode} ${job.errorMessage ?? ''}` });
    } else {
      const sum = (key: 'added' | 'changed' | 'removed' | 'cases') =>
        summary.documents.reduce((total, doc) => total + doc[key], 0);
      const unresolved = summary.unresolvedAgencies.length
        ? `; agency names to map: ${summary.unresolvedAgencies.join('、')}`
        : '';
      results.push({
        file,
        outcome: 'imported',
        line: `✓ ${name}: ${summary.documents.length} documents, ${sum('added')} tasks added, ${sum('changed')} changed, ${sum('removed')} removed, ${sum('cases')} cases${unresolved}`,
      });
    }
  }
  return results;
}
