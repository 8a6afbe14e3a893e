import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { isCollective } from '../../../extraction/src/agencies.js';
import { extractFromText } from '../../../extraction/src/extract.js';
import { resolveAgency, type AgencyRegistry } from '../../../extraction/src/registry.js';
import { type ExtractedDocument } from '../../../extraction/src/types.js';
import { decodeFile, fileKind } from '../../../ingest/src/decode.js';
import { IngestError } from '../../../ingest/src/errors.js';
import { AgencyAlias } from '../agencies/agency-alias.entity.js';
import { Agency } from '../agencies/agency.entity.js';
import { loadAgencyRegistry } from '../agencies/agency-registry.js';
import { AuditService } from '../audit/audit.service.js';
import { BestPracticeCase } from '../cases/best-practice-case.entity.js';
import { DocumentSection } from '../documents/document-section.entity.js';
import { PolicyDocument } from '../documents/policy-document.entity.js';
import { SourceFile } from '../documents/source-file.entity.js';
import { TaskAssignment } from '../tasks/task-assignment.entity.js';
import { Task } from '../tasks/task.entity.js';
import { type Clock, systemClock } from '../clock.js';
import { ReminderService } from '../reminders/reminder.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { LightsService } from '../reports/lights.service.js';
import { ImportErrors } from './import-errors.js';
import { ImportJob, type ImportExtraction, type ImportStatus } from './import-job.entity.js';
import {
  documentKey,
  draftsOf,
  planImport,
  type DocumentPlan,
  type ImportPlan,
  type StoredDocument,
  type TaskDraft,
} from './import-plan.js';
import { type ImportReview, reviewProblem } from './import-review.js';
import { pathKey, sectionTree } from './sections.js';

const INSERT_CHUNK = 1_000;

export interface CommitSummary {
  importId: string;
  sourceFileId: string;
  documents: Array<{
    id: string;
    title: string;
    created: boolean;
    added: number;
    changed: number;
    removed: number;
    cases: number;
  }>;
  unresolvedAgencies: string[];
}

async function insertInChunks<T extends object>(manager: EntityManager, entity: new () => T, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    // QueryDeepPartialEntity cannot express entity instances generically; the rows are whole entities.
    await manager.insert(entity, rows.slice(i, i + INSERT_CHUNK) as never);
  }
}

/** Refuses what cannot be a policy document before anything is stored. */
function checkUpload(fileName: string, bytes: Buffer, maxBytes: number): void {
  if (bytes.length === 0)
    throw AppError.badRequest(ImportErrors.EMPTY_FILE, `文件为空 (the file is empty): ${fileName}`);
  if (bytes.length > maxBytes) {
    throw new AppError(
      413,
      ImportErrors.FILE_TOO_LARGE,
      `文件过大 (file too large): ${bytes.length} bytes, limit ${maxBytes}`,
    );
  }
  if (!fileKind(fileName)) {
    throw new AppError(
      415,
      ImportErrors.UNSUPPORTED_TYPE,
      `不支持的文件类型，请上传 .txt、.docx、.pdf 或 .xlsx (unsupported file type): ${fileName}`,
    );
  }
}

/** Resolves printed agency names to agency ids: registry first, then the reviewer's mappings. */
class AgencyResolver {
  constructor(
    private readonly registry: AgencyRegistry,
    private readonly idsByName: Map<string, string>,
    private readonly mapped: Map<string, string | null>,
  ) {}

  idOf(printed: string): string | null {
    if (this.mapped.has(printed)) return this.mapped.get(printed) ?? null;
    const canonical = resolveAgency(printed, this.registry);
    return canonical ? (this.idsByName.get(canonical) ?? null) : null;
  }

  resolves(printed: string): boolean {
    return isCollective(printed) || this.mapped.has(printed) || this.idOf(printed) !== null;
  }
}

/**
 * The import of policy documents into the ledger: upload → extraction →
 * review → commit in one transaction. A file already imported (same sha256)
 * changes nothing; a new version of a document updates its tasks in place.
 */
@Injectable()
export class ImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reminders: ReminderService,
    private readonly lights: LightsService,
  ) {}

  /** Stores an upload; a file imported before becomes a `duplicate` job with nothing to do. */
  async createFromUpload(
    fileName: string,
    bytes: Buffer,
    actorId: string | null,
    maxBytes: number,
  ): Promise<ImportJob> {
    checkUpload(fileName, bytes, maxBytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(SourceFile, { sha256 });
      const job = manager.create(ImportJob, {
        fileName,
        byteSize: bytes.length,
        sha256,
        uploadedBy: actorId,
        status: existing ? 'duplicate' : 'queued',
        progress: existing ? 100 : 0,
        content: existing ? null : bytes,
        sourceFileId: existing?.id ?? null,
        review: {},
      });
      await manager.save(job);
      job.content = null;
      return job;
    });
  }

  async get(id: string): Promise<ImportJob> {
    const job = await this.dataSource.getRepository(ImportJob).findOneBy({ id });
    if (!job) throw AppError.notFound(ImportErrors.NOT_FOUND, `导入任务不存在 (import not found): ${id}`);
    return job;
  }

  /** Newest first (the id breaks ties, so pages never overlap), optionally of some statuses only. */
  async list(filters: { statuses?: ImportStatus[]; page: number; pageSize: number }) {
    const [items, total] = await this.dataSource.getRepository(ImportJob).findAndCount({
      where: filters.statuses?.length ? { status: In(filters.statuses) } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (filters.page - 1) * filters.pageSize,
      take: filters.pageSize,
    });
    return { items, total };
  }

  /** Ids of uploads still waiting for extraction (the worker's sweep re-enqueues them). */
  async waitingIds(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(ImportJob)
      .find({ select: { id: true }, where: { status: In(['queued', 'extracting']) } });
    return rows.map((row) => row.id);
  }

  /** The job with what the review screen needs: extraction (with source text), plan and edits. */
  async getForReview(id: string): Promise<ImportJob & { extraction: ImportExtraction | null }> {
    const job = await this.dataSource
      .getRepository(ImportJob)
      .createQueryBuilder('job')
      .addSelect('job.extraction')
      .where('job.id = :id', { id })
      .getOne();
    if (!job) throw AppError.notFound(ImportErrors.NOT_FOUND, `导入任务不存在 (import not found): ${id}`);
    return job;
  }

  /**
   * Decodes and extracts an uploaded file (run by the worker). Safe to run
   * twice: a job that is no longer waiting is left alone.
   */
  async extract(id: string, onProgress: (percent: number) => Promise<void> = async () => undefined): Promise<void> {
    const repository = this.dataSource.getRepository(ImportJob);
    const job = await repository
      .createQueryBuilder('job')
      .addSelect('job.content')
      .where('job.id = :id', { id })
      .getOne();
    if (!job || !['queued', 'extracting'].includes(job.status) || !job.content) return;
    await repository.update({ id }, { status: 'extracting', progress: 10 });
    await onProgress(10);
    try {
      const decoded = await decodeFile(job.content, job.fileName, { maxBytes: job.content.length });
      await repository.update({ id }, { progress: 40 });
      await onProgress(40);
      const registry = await loadAgencyRegistry(this.dataSource.manager);
      const result = extractFromText(decoded.text, { registry });
      await repository.update({ id }, { progress: 80 });
      await onProgress(80);
      const extraction: ImportExtraction = { ...result, encoding: decoded.encoding, text: decoded.text };
      const plan = await this.plan(this.dataSource.manager, extraction, {}, registry);
      await repository.update({ id }, { status: 'review', progress: 100, extraction, plan, review: {} });
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      await repository.update(
        { id },
        {
          status: 'failed',
          progress: 100,
          errorCode: `IMPORT.${error.code}`,
          errorMessage: error.message,
          content: null,
        },
      );
    }
    await onProgress(100);
  }

  /** Gives up on an upload the worker could not extract after all its retries. */
  async markFailed(id: string, errorCode: string, errorMessage: string): Promise<void> {
    await this.dataSource
      .getRepository(ImportJob)
      .update(
        { id, status: In(['queued', 'extracting']) },
        { status: 'failed', progress: 100, errorCode, errorMessage },
      );
  }

  /** Saves the reviewer's decisions and returns the plan they lead to. */
  async saveReview(id: string, review: ImportReview): Promise<ImportPlan> {
    return this.dataSource.transaction(async (manager) => {
      const job = await this.lockForReview(manager, id);
      const extraction = job.extraction as ImportExtraction;
      this.checkReview(review, extraction);
      const plan = await this.plan(manager, extraction, review);
      await manager.update(ImportJob, { id }, { review, plan });
      return plan;
    });
  }

  async reject(id: string, actorId: string | null, requestId?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const job = await this.lockForReview(manager, id, ['review', 'queued', 'failed']);
      await manager.update(ImportJob, { id }, { status: 'rejected', content: null });
      await this.audit.record(manager, {
        actorId,
        action: 'import.reject',
        entityType: 'import',
        entityId: id,
        before: { status: job.status },
        after: { status: 'rejected' },
        requestId,
      });
    });
  }

  /**
   * Writes the reviewed extraction into the ledger in one transaction. With
   * `requireAllMapped`, every unknown printed agency name must have been mapped,
   * created or ignored in the review.
   */
  async commit(
    id: string,
    actorId: string | null,
    options: { requireAllMapped: boolean; requestId?: string },
  ): Promise<CommitSummary> {
    return this.dataSource.transaction(async (manager) => {
      const job = await this.lockForReview(manager, id);
      const duplicate = await manager.findOneBy(SourceFile, { sha256: job.sha256 });
      if (duplicate) {
        await manager.update(ImportJob, { id }, { status: 'duplicate', sourceFileId: duplicate.id, content: null });
        throw AppError.conflict('IMPORT.DUPLICATE', `该文件已导入 (this file was already imported)`, {
          sourceFileId: duplicate.id,
        });
      }
      const { summary, plan } = await this.writeExtraction(
        manager,
        job,
        job.extraction as ImportExtraction,
        job.review,
        actorId,
        options,
      );
      await manager.update(
        ImportJob,
        { id },
        {
          status: 'committed',
          sourceFileId: summary.sourceFileId,
          committedBy: actorId,
          committedAt: new Date(),
          content: null,
          plan,
        },
      );
      await this.recordCommit(manager, job, summary, actorId, options.requestId);
      return summary;
    });
  }

  /**
   * Upload, extract and commit in one go, without review (the CLI's batch
   * import): one transaction, no round trip of the extraction through storage.
   */
  async importWithoutReview(
    fileName: string,
    bytes: Buffer,
    actorId: string | null,
    maxBytes: number,
    registry?: AgencyRegistry,
  ): Promise<{ job: ImportJob; summary: CommitSummary | null }> {
    checkUpload(fileName, bytes, maxBytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const base = { fileName, byteSize: bytes.length, sha256, uploadedBy: actorId, review: {}, progress: 100 };
    let extraction: ImportExtraction;
    try {
      const decoded = await decodeFile(bytes, fileName, { maxBytes });
      const known = registry ?? (await loadAgencyRegistry(this.dataSource.manager));
      extraction = {
        ...extractFromText(decoded.text, { registry: known }),
        encoding: decoded.encoding,
        text: decoded.text,
      };
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      const job = await this.dataSource.getRepository(ImportJob).save({
        ...base,
        status: 'failed',
        errorCode: `IMPORT.${error.code}`,
        errorMessage: error.message,
      });
      return { job, summary: null };
    }
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(SourceFile, { sha256 });
      if (existing) {
        const job = await manager.save(
          manager.create(ImportJob, { ...base, status: 'duplicate', sourceFileId: existing.id }),
        );
        return { job, summary: null };
      }
      const job = await manager.save(
        manager.create(ImportJob, { ...base, status: 'committed', committedBy: actorId, committedAt: new Date() }),
      );
      const { summary, plan } = await this.writeExtraction(manager, job, extraction, {}, actorId, {
        requireAllMapped: false,
        registry,
      });
      summary.importId = job.id;
      await manager.update(ImportJob, { id: job.id }, { sourceFileId: summary.sourceFileId, plan });
      await this.recordCommit(manager, job, summary, actorId);
      return { job, summary };
    });
  }

  /** Writes one extraction (with the review applied) into the ledger, inside the caller's transaction. */
  private async writeExtraction(
    manager: EntityManager,
    file: Pick<ImportJob, 'id' | 'fileName' | 'sha256' | 'byteSize'>,
    extraction: ImportExtraction,
    review: ImportReview,
    actorId: string | null,
    options: { requireAllMapped: boolean; requestId?: string; registry?: AgencyRegistry },
  ): Promise<{ summary: CommitSummary; plan: ImportPlan }> {
    const resolver = await this.resolverWithMappings(manager, review, actorId, options.registry);
    const plan = planImport(extraction, await this.storedDocuments(manager, extraction.documents), review, (n) =>
      resolver.resolves(n),
    );
    if (options.requireAllMapped && plan.unknownAgencies.length > 0) {
      throw AppError.conflict(
        ImportErrors.UNMAPPED_AGENCIES,
        `以下单位名称尚未对应到单位，请先映射、新建或忽略 (unmapped agency names): ${plan.unknownAgencies.join('、')}`,
        { names: plan.unknownAgencies },
      );
    }
    const sourceFile = await manager.save(
      manager.create(SourceFile, {
        fileName: file.fileName,
        sha256: file.sha256,
        encoding: extraction.encoding,
        byteSize: file.byteSize,
        text: extraction.text,
      }),
    );
    const summary: CommitSummary = {
      importId: file.id,
      sourceFileId: sourceFile.id,
      documents: [],
      unresolvedAgencies: [],
    };
    const unresolved = new Set<string>();
    for (const documentPlan of plan.documents) {
      if (documentPlan.excluded) continue;
      const doc = extraction.documents[documentPlan.index];
      const drafts = draftsOf(doc, documentPlan.index, review);
      summary.documents.push(
        await this.writeDocument(manager, sourceFile.id, doc, documentPlan, drafts, resolver, unresolved, {
          actorId,
          requestId: options.requestId,
        }),
      );
    }
    summary.unresolvedAgencies = [...unresolved].sort();
    return { summary, plan };
  }

  private async recordCommit(
    manager: EntityManager,
    job: Pick<ImportJob, 'id' | 'fileName'>,
    summary: CommitSummary,
    actorId: string | null,
    requestId?: string,
  ): Promise<void> {
    await this.audit.record(manager, {
      actorId,
      action: 'import.commit',
      entityType: 'import',
      entityId: job.id,
      after: {
        fileName: job.fileName,
        sourceFileId: summary.sourceFileId,
        documents: summary.documents.map(({ id: documentId, title, created, added, changed, removed }) => ({
          documentId,
          title,
          created,
          added,
          changed,
          removed,
        })),
      },
      requestId,
    });
  }

  private async lockForReview(
    manager: EntityManager,
    id: string,
    allowed: string[] = ['review'],
  ): Promise<ImportJob & { extraction: ImportExtraction | null }> {
    const job = await manager
      .getRepository(ImportJob)
      .createQueryBuilder('job')
      .addSelect('job.extraction')
      .setLock('pessimistic_write')
      .where('job.id = :id', { id })
      .getOne();
    if (!job) throw AppError.notFound(ImportErrors.NOT_FOUND, `导入任务不存在 (import not found): ${id}`);
    if (!allowed.includes(job.status)) {
      throw AppError.conflict(
        `${ImportErrors.NOT_IN_REVIEW}.${job.status.toUpperCase()}`,
        `导入任务当前状态为 ${job.status}，不能执行此操作 (the import is ${job.status})`,
        { status: job.status },
      );
    }
    return job;
  }

  private checkReview(review: ImportReview, extraction: ImportExtraction): void {
    const problem = reviewProblem(review, extraction);
    if (problem) throw AppError.badRequest(ImportErrors.BAD_REVIEW, `审核内容有误 (invalid review): ${problem}`);
  }

  private async plan(
    manager: EntityManager,
    extraction: ImportExtraction,
    review: ImportReview,
    registry?: AgencyRegistry,
  ): Promise<ImportPlan> {
    const resolver = await this.resolver(manager, review, registry);
    return planImport(extraction, await this.storedDocuments(manager, extraction.documents), review, (name) =>
      resolver.resolves(name),
    );
  }

  private async resolver(manager: EntityManager, review: ImportReview, registry?: AgencyRegistry) {
    const agencies = await manager.getRepository(Agency).find({ select: { id: true, name: true } });
    const idsByName = new Map(agencies.map((a) => [a.name, a.id]));
    const mapped = new Map<string, string | null>();
    for (const [printed, mapping] of Object.entries(review.agencyMappings ?? {})) {
      if ('agencyId' in mapping) mapped.set(printed, mapping.agencyId);
      else if ('ignore' in mapping) mapped.set(printed, null);
      else mapped.set(printed, idsByName.get(mapping.create.name) ?? 'to-be-created');
    }
    return new AgencyResolver(registry ?? (await loadAgencyRegistry(manager)), idsByName, mapped);
  }

  /** Applies the review's agency decisions: creates agencies and records printed names as aliases. */
  private async resolverWithMappings(
    manager: EntityManager,
    review: ImportReview,
    actorId: string | null,
    registry?: AgencyRegistry,
  ): Promise<AgencyResolver> {
    const mappings = Object.entries(review.agencyMappings ?? {});
    for (const [printed, mapping] of mappings) {
      let agencyId: string | null = null;
      if ('agencyId' in mapping) {
        if (!(await manager.existsBy(Agency, { id: mapping.agencyId }))) {
          throw AppError.badRequest(
            ImportErrors.AGENCY_NOT_FOUND,
            `单位不存在 (agency not found): ${mapping.agencyId}`,
          );
        }
        agencyId = mapping.agencyId;
      } else if ('create' in mapping) {
        const name = mapping.create.name.trim();
        const existing = await manager.findOneBy(Agency, { name });
        const agency =
          existing ??
          (await manager.save(
            manager.create(Agency, { name, kind: mapping.create.kind, fullName: mapping.create.fullName ?? null }),
          ));
        if (!existing) {
          await this.audit.record(manager, {
            actorId,
            action: 'agency.create',
            entityType: 'agency',
            entityId: agency.id,
            after: { name, kind: agency.kind, fromImportOf: printed },
          });
        }
        agencyId = agency.id;
      }
      // The printed name becomes an alias, so the next document that prints it resolves by
      // itself (unless it is the agency's own name, which resolves anyway).
      const agencyName = agencyId ? (await manager.findOneByOrFail(Agency, { id: agencyId })).name : null;
      if (agencyId && agencyName !== printed) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(AgencyAlias)
          .values({ alias: printed, agencyId })
          .orIgnore()
          .execute();
      }
    }
    // New aliases and agencies change the registry; without mappings the given one still holds.
    return this.resolver(manager, review, mappings.length > 0 ? undefined : registry);
  }

  private async storedDocuments(manager: EntityManager, documents: ExtractedDocument[]): Promise<StoredDocument[]> {
    const keys = [...new Set(documents.map(documentKey))];
    if (keys.length === 0) return [];
    const stored = await manager.getRepository(PolicyDocument).find({
      select: { id: true, documentKey: true },
      where: { documentKey: In(keys) },
    });
    if (stored.length === 0) return [];
    const tasks = await manager.getRepository(Task).find({
      select: {
        id: true,
        documentId: true,
        sourceKey: true,
        title: true,
        text: true,
        deadlineDate: true,
        ongoing: true,
        printedOwners: true,
        status: true,
      },
      where: { documentId: In(stored.map((d) => d.id)) },
    });
    return stored.map((doc) => ({
      id: doc.id,
      key: doc.documentKey,
      tasks: tasks.filter((task) => task.documentId === doc.id),
    }));
  }

  private async writeDocument(
    manager: EntityManager,
    sourceFileId: string,
    doc: ExtractedDocument,
    plan: DocumentPlan,
    drafts: TaskDraft[],
    resolver: AgencyResolver,
    unresolved: Set<string>,
    context: { actorId: string | null; requestId?: string },
  ): Promise<CommitSummary['documents'][number]> {
    const fields = {
      sourceFileId,
      title: doc.title,
      documentKey: plan.key,
      docNumber: doc.docNumber,
      issuer: doc.issuer,
      issuedOn: doc.issuedOn,
      kind: doc.kind,
      spanStart: doc.span.start,
      spanEnd: doc.span.end,
    };
    let documentId: string;
    let previousCases = new Map<string, string>();
    if (plan.existingDocumentId) {
      documentId = plan.existingDocumentId;
      await manager.update(PolicyDocument, { id: documentId }, fields);
      // Sections and cases are rebuilt from the new version; tasks keep their ids (and progress),
      // and a case keeps its id (and its replication records) when its number and title stay.
      await manager.delete(DocumentSection, { documentId });
      previousCases = new Map(
        (
          await manager.find(BestPracticeCase, {
            select: { id: true, number: true, title: true },
            where: { documentId },
          })
        ).map((c) => [caseKey(c), c.id]),
      );
      const kept = new Set(doc.cases.map(caseKey));
      const gone = [...previousCases].filter(([key]) => !kept.has(key)).map(([, id]) => id);
      if (gone.length > 0) await manager.delete(BestPracticeCase, { id: In(gone) });
    } else {
      documentId = (await manager.save(manager.create(PolicyDocument, fields))).id;
    }

    const sections = sectionTree(drafts);
    const sectionIds = new Map(sections.map((s) => [pathKey(s.path), randomUUID()]));
    await insertInChunks(
      manager,
      DocumentSection,
      sections.map((s) =>
        manager.create(DocumentSection, {
          id: sectionIds.get(pathKey(s.path)),
          documentId,
          parentId: s.path.length > 1 ? (sectionIds.get(pathKey(s.path.slice(0, -1))) ?? null) : null,
          label: s.label,
          heading: s.heading,
          level: s.level,
          position: s.position,
          spanStart: s.spanStart,
          spanEnd: s.spanEnd,
        }),
      ),
    );

    const existingIdByRef = new Map([...plan.changed, ...plan.unchanged].map((t) => [t.ref, t.taskId]));
    const changedRefs = new Set(plan.changed.map((t) => t.ref));
    const newTasks: Task[] = [];
    const assignments: TaskAssignment[] = [];
    const reassigned: string[] = [];
    for (const draft of drafts) {
      const sectionId = draft.path.length > 0 ? (sectionIds.get(pathKey(draft.path)) ?? null) : null;
      const taskFields = {
        sectionId,
        sourceKey: draft.key,
        number: draft.number,
        title: draft.title,
        text: draft.text,
        spanStart: draft.span.start,
        spanEnd: draft.span.end,
        deadlineDate: draft.deadlineDate,
        deadlineText: draft.deadlineText,
        ongoing: draft.ongoing,
        printedOwners: { lead: draft.lead, co: draft.co },
      };
      const existingId = existingIdByRef.get(draft.ref);
      let taskId: string;
      if (existingId) {
        taskId = existingId;
        await manager.update(Task, { id: taskId }, taskFields);
        if (!changedRefs.has(draft.ref)) continue;
        const change = plan.changed.find((c) => c.ref === draft.ref);
        await this.audit.record(manager, {
          actorId: context.actorId,
          action: 'task.update-from-import',
          entityType: 'task',
          entityId: taskId,
          after: { fields: change?.fields, title: draft.title, deadlineDate: draft.deadlineDate },
          requestId: context.requestId,
        });
        if (!change?.fields.includes('owners')) continue;
        reassigned.push(taskId);
      } else {
        taskId = randomUUID();
        newTasks.push(
          manager.create(Task, { id: taskId, documentId, status: 'registered', version: 1, ...taskFields }),
        );
      }
      assignments.push(...this.assignmentsFor(manager, taskId, draft, resolver, unresolved));
    }
    if (reassigned.length > 0) await manager.delete(TaskAssignment, { taskId: In(reassigned) });
    await insertInChunks(manager, Task, newTasks);
    await insertInChunks(manager, TaskAssignment, assignments);

    for (const removed of plan.removed) {
      await manager.update(Task, { id: removed.taskId }, { status: 'cancelled' });
      await this.audit.record(manager, {
        actorId: context.actorId,
        action: 'task.cancel-removed-from-document',
        entityType: 'task',
        entityId: removed.taskId,
        after: { status: 'cancelled', reason: '新版本文件中已无此任务 (not in the new version of the document)' },
        requestId: context.requestId,
      });
    }

    const cases = doc.cases.map((c) => {
      const fields = {
        documentId,
        number: c.number,
        title: c.title,
        category: c.category,
        provider: c.provider,
        practices: c.practices,
        effects: c.effects,
        nextSteps: c.nextSteps,
        spanStart: c.span.start,
        spanEnd: c.span.end,
      };
      const id = previousCases.get(caseKey(c));
      previousCases.delete(caseKey(c)); // a key printed twice keeps its id once
      return id ? { id, fields } : { id: null, fields };
    });
    for (const { id, fields } of cases) if (id) await manager.update(BestPracticeCase, { id }, fields);
    await insertInChunks(
      manager,
      BestPracticeCase,
      cases.filter((c) => c.id === null).map((c) => manager.create(BestPracticeCase, c.fields)),
    );

    // A revised document can move deadlines and owners: reminders and lights follow at once.
    const touched = [
      ...newTasks.map((t) => t.id),
      ...plan.changed.map((t) => t.taskId),
      ...plan.removed.map((t) => t.taskId),
    ];
    await this.reminders.sync(manager, touched);
    await this.lights.refresh(manager, touched);

    return {
      id: documentId,
      title: doc.title,
      created: !plan.existingDocumentId,
      added: plan.added.length,
      changed: plan.changed.length,
      removed: plan.removed.length,
      cases: doc.cases.length,
    };
  }

  private assignmentsFor(
    manager: EntityManager,
    taskId: string,
    draft: TaskDraft,
    resolver: AgencyResolver,
    unresolved: Set<string>,
  ): TaskAssignment[] {
    const rows = new Map<string, TaskAssignment>();
    for (const [role, names] of [
      ['lead', draft.lead],
      ['co', draft.co],
    ] as const) {
      for (const name of names) {
        if (isCollective(name)) continue;
        const agencyId = resolver.idOf(name);
        if (!agencyId) {
          unresolved.add(name);
          continue;
        }
        if (rows.has(agencyId)) continue;
        rows.set(
          agencyId,
          manager.create(TaskAssignment, {
            id: randomUUID(),
            taskId,
            agencyId,
            role,
            internalDivision: role === 'lead' ? draft.internalDivision : null,
            contactPerson: null,
          }),
        );
      }
    }
    return [...rows.values()];
  }
}

/** A case's identity across versions of its document. */
function caseKey(c: { number: string | null; title: string }): string {
  return `${c.number ?? ''}\u0000${c.title}`;
}

/** The import service outside Nest (the CLI, benchmarks), its collaborators wired by hand. */
export function standaloneImportService(dataSource: DataSource, clock: Clock = systemClock()): ImportService {
  const audit = new AuditService();
  const settings = new SettingsService(dataSource, audit);
  return new ImportService(
    dataSource,
    audit,
    new ReminderService(dataSource, clock, settings),
    new LightsService(dataSource, clock, settings),
  );
}
