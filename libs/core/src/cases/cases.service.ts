import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { type DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../../common/src/app-error.js';
import { ErrorCodes } from '../../../common/src/error-codes.js';
import { AgencyErrors } from '../agencies/agencies.service.js';
import { Agency, type AgencyKind } from '../agencies/agency.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { type AuthUser } from '../users/auth-user.js';
import { BestPracticeCase, type CaseSectionText } from './best-practice-case.entity.js';
import { type AdoptionStatus, CaseAdoption } from './case-adoption.entity.js';

export const CaseErrors = {
  NOT_FOUND: 'CASE.NOT_FOUND',
  STALE_VERSION: 'CASE.STALE_VERSION',
} as const;

/** How the matrix export and any printed report name each status. */
export const ADOPTION_STATUS_LABELS: Record<AdoptionStatus, string> = {
  not_assessed: '未评估',
  planned: '计划推广',
  adopted: '已推广',
  not_applicable: '不适用',
};

/** The leading columns of the matrix export; one column per agency follows. */
export const ADOPTION_CSV_HEADERS = ['序号', '文件', '编号', '案例', '类别', '提供单位'] as const;

export interface CaseFilters {
  documentId?: string;
  category?: string;
  provider?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface AdoptionFilters {
  documentId?: string;
  category?: string;
  agencyKind?: AgencyKind;
}

export interface AdoptionInput {
  status: AdoptionStatus;
  note?: string;
  /** The version the client saw; null or absent when the cell had no row yet. */
  version?: number | null;
}

export interface CaseSummary {
  id: string;
  documentId: string;
  documentTitle: string;
  number: string | null;
  title: string;
  category: string | null;
  provider: string | null;
}

export interface CaseDetail extends CaseSummary {
  practices: CaseSectionText[];
  effects: CaseSectionText[];
  nextSteps: CaseSectionText[];
  spanStart: number;
  spanEnd: number;
}

export interface MatrixAgency {
  id: string;
  name: string;
  kind: AgencyKind;
}

export interface MatrixCell {
  agencyId: string;
  status: AdoptionStatus;
  note: string;
  /** Null (with version) when nobody has assessed the cell yet. */
  updatedAt: Date | null;
  version: number | null;
}

export interface AdoptionCell extends MatrixCell {
  caseId: string;
  updatedBy: string | null;
}

export interface AdoptionCounts {
  adopted: number;
  planned: number;
  notApplicable: number;
  notAssessed: number;
  /** adopted / (cells − not applicable), 0..1 to four places; null when nothing is applicable. */
  adoptionRate: number | null;
}

interface ScopedCaseRow {
  id: string;
  document_id: string;
  document_title: string;
  number: string | null;
  title: string;
  category: string | null;
  provider: string | null;
}

interface CountRow {
  grouping: number;
  case_id: string | null;
  agency_id: string | null;
  adopted: number;
  planned: number;
  not_applicable: number;
  not_assessed: number;
}

/** Cases in import order: document by document, then as printed; ties broken by id. */
const CASE_ORDER = (alias: string) =>
  ['document_created_at', 'document_id', 'span_start', 'id'].map((column) => `${alias}.${column}`).join(', ');
const AGENCY_ORDER = (alias: string) => `${alias}.name, ${alias}.id`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

function toSummary(row: ScopedCaseRow): CaseSummary {
  return {
    id: row.id,
    documentId: row.document_id,
    documentTitle: row.document_title,
    number: row.number,
    title: row.title,
    category: row.category,
    provider: row.provider,
  };
}

function counts(row: Omit<CountRow, 'grouping' | 'case_id' | 'agency_id'> | undefined): AdoptionCounts {
  const adopted = row?.adopted ?? 0;
  const notApplicable = row?.not_applicable ?? 0;
  const applicable = adopted + (row?.planned ?? 0) + (row?.not_assessed ?? 0);
  return {
    adopted,
    planned: row?.planned ?? 0,
    notApplicable,
    notAssessed: row?.not_assessed ?? 0,
    adoptionRate: applicable > 0 ? Math.round((adopted / applicable) * 10_000) / 10_000 : null,
  };
}

function snapshot(adoption: CaseAdoption | null): Record<string, unknown> | null {
  return adoption
    ? {
        caseId: adoption.caseId,
        agencyId: adoption.agencyId,
        status: adoption.status,
        note: adoption.note,
        version: adoption.version,
      }
    : null;
}

function cellOf(caseId: string, agencyId: string, adoption: CaseAdoption | null): AdoptionCell {
  return {
    caseId,
    agencyId,
    status: adoption?.status ?? 'not_assessed',
    note: adoption?.note ?? '',
    updatedAt: adoption?.updatedAt ?? null,
    updatedBy: adoption?.updatedBy ?? null,
    version: adoption?.version ?? null,
  };
}

/**
 * The cases and agencies a matrix or report covers, as two CTEs (`scoped_cases`,
 * `scoped_agencies`) with their positional parameters, and every cell of the two
 * crossed (`cells`; a missing row is 未评估). An agency officer's scope
 * is their own agency only; that rule lives here so every read applies it.
 */
function scopeSql(user: AuthUser, filters: AdoptionFilters): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const caseWhere = ['TRUE'];
  if (filters.documentId) caseWhere.push(`c.document_id = ${param(filters.documentId)}::uuid`);
  if (filters.category) caseWhere.push(`c.category = ${param(filters.category)}`);
  const agencyWhere = ['TRUE'];
  if (filters.agencyKind) agencyWhere.push(`a.kind = ${param(filters.agencyKind)}`);
  if (user.role === 'agency') agencyWhere.push(user.agencyId ? `a.id = ${param(user.agencyId)}::uuid` : 'FALSE');
  // Unused CTEs cost nothing: PostgreSQL evaluates only those a query reads.
  const sql = `WITH scoped_cases AS (
      SELECT c.id, c.document_id, d.title AS document_title, d.created_at AS document_created_at,
             c.number, c.title, c.category, c.provider, c.span_start
        FROM best_practice_cases c JOIN policy_documents d ON d.id = c.document_id
       WHERE ${caseWhere.join(' AND ')}
    ), scoped_agencies AS (
      SELECT a.id, a.name, a.kind FROM agencies a WHERE ${agencyWhere.join(' AND ')}
    ), cells AS (
      SELECT sc.id AS case_id, sa.id AS agency_id, COALESCE(ad.status, 'not_assessed') AS status,
             COALESCE(ad.note, '') AS note, ad.updated_at, ad.version
        FROM scoped_cases sc CROSS JOIN scoped_agencies sa
        LEFT JOIN case_adoptions ad ON ad.case_id = sc.id AND ad.agency_id = sa.id
    )`;
  return { sql, params };
}

/** Best-practice cases (经验案例) and where each agency stands on replicating them (复制推广). */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Cases, filtered and paged; the section texts stay out of the list. */
  async list(filters: CaseFilters) {
    const query = this.dataSource
      .getRepository(BestPracticeCase)
      .createQueryBuilder('c')
      .innerJoin('c.document', 'd')
      .select(['c.id', 'c.documentId', 'c.number', 'c.title', 'c.category', 'c.provider', 'd.id', 'd.title']);
    if (filters.documentId) query.andWhere('c.document_id = :documentId', { documentId: filters.documentId });
    if (filters.category) query.andWhere('c.category = :category', { category: filters.category });
    if (filters.provider) query.andWhere('c.provider = :provider', { provider: filters.provider });
    if (filters.q) query.andWhere('c.title ILIKE :q', { q: `%${escapeLike(filters.q)}%` });
    query
      .orderBy('d.created_at', 'ASC')
      .addOrderBy('c.document_id', 'ASC')
      .addOrderBy('c.span_start', 'ASC')
      .addOrderBy('c.id', 'ASC'); // ties broken the same way every time
    const pageSize = Math.min(filters.pageSize ?? 50, 200);
    const page = Math.max(filters.page ?? 1, 1);
    // offset/limit: the join is many-to-one, so one row per case and no DISTINCT pass.
    const [cases, total] = await Promise.all([
      query
        .clone()
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getMany(),
      query.getCount(),
    ]);
    return {
      items: cases.map((c): CaseSummary => ({
        id: c.id,
        documentId: c.documentId,
        documentTitle: c.document.title,
        number: c.number,
        title: c.title,
        category: c.category,
        provider: c.provider,
      })),
      page,
      pageSize,
      total,
    };
  }

  /** One case with its document's title and the 主要做法 / 实践效果 / 下一步 texts. */
  async detail(id: string): Promise<CaseDetail> {
    const found = await this.dataSource
      .getRepository(BestPracticeCase)
      .findOne({ where: { id }, relations: { document: true } });
    if (!found) throw AppError.notFound(CaseErrors.NOT_FOUND, `案例不存在 (case not found): ${id}`);
    return {
      id: found.id,
      documentId: found.documentId,
      documentTitle: found.document.title,
      number: found.number,
      title: found.title,
      category: found.category,
      provider: found.provider,
      practices: found.practices,
      effects: found.effects,
      nextSteps: found.nextSteps,
      spanStart: found.spanStart,
      spanEnd: found.spanEnd,
    };
  }

  /**
   * Cases (rows) × agencies (columns), every cell filled: a cell without a row
   * is 未评估 with a null version. Agency officers see their own column only.
   */
  async matrix(user: AuthUser, filters: AdoptionFilters) {
    // One snapshot, so that rows, columns and cells agree under concurrent writes.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const { cases, agencies, scope } = await this.loadScope(manager, user, filters);
      const cells: Array<{
        case_id: string;
        agency_id: string;
        status: AdoptionStatus;
        note: string;
        updated_at: Date | null;
        version: number | null;
      }> = await manager.query(
        `${scope.sql}
         SELECT cells.case_id, cells.agency_id, cells.status, cells.note, cells.updated_at, cells.version
           FROM cells
           JOIN scoped_cases sc ON sc.id = cells.case_id
           JOIN scoped_agencies sa ON sa.id = cells.agency_id
          ORDER BY ${CASE_ORDER('sc')}, ${AGENCY_ORDER('sa')}`,
        scope.params,
      );
      // Cells arrive row by row in column order: one pass groups them.
      const byCase = new Map<string, MatrixCell[]>();
      for (const cell of cells) {
        const row = byCase.get(cell.case_id) ?? [];
        row.push({
          agencyId: cell.agency_id,
          status: cell.status,
          note: cell.note,
          updatedAt: cell.updated_at,
          version: cell.version,
        });
        byCase.set(cell.case_id, row);
      }
      return {
        agencies,
        rows: cases.map((c) => ({ ...c, cells: byCase.get(c.id) ?? [] })),
      };
    });
  }

  /** The matrix as CSV for Excel: rows are cases, columns agencies, cells 未评估 / 计划推广 / 已推广 / 不适用. */
  async matrixCsv(user: AuthUser, filters: AdoptionFilters): Promise<string> {
    const { agencies, rows } = await this.matrix(user, filters);
    return stringify(
      rows.map((row, index) => [
        index + 1,
        row.documentTitle,
        row.number ?? '',
        row.title,
        row.category ?? '',
        row.provider ?? '',
        ...row.cells.map((cell) => ADOPTION_STATUS_LABELS[cell.status]),
      ]),
      {
        // Without the BOM Excel reads the file in the local ANSI code page and garbles the Chinese.
        bom: true,
        header: true,
        columns: [...ADOPTION_CSV_HEADERS, ...agencies.map((a) => a.name)],
        record_delimiter: 'windows',
        // Only a full CRLF is quoted by default; a bare LF in a title would otherwise split the row in Excel.
        quoted_match: /[\r\n]/,
        // Titles come from uploaded documents; Excel would run a leading `=`, `+`, `-` or `@` as a formula.
        escape_formulas: true,
      },
    );
  }

  /**
   * Sets one cell. A cell that has a row is changed only by a client that saw its
   * current version; the first write needs no version. Office roles set any
   * agency's cell, an agency officer only their own agency's; supervisors only read.
   */
  async setAdoption(
    user: AuthUser,
    caseId: string,
    agencyId: string,
    input: AdoptionInput,
    requestId?: string,
  ): Promise<AdoptionCell> {
    if (user.role === 'supervisor') {
      throw AppError.forbidden(ErrorCodes.AUTH_FORBIDDEN, '督查人员只能查看推广情况 (supervisors read only)');
    }
    if (user.role === 'agency' && user.agencyId !== agencyId) {
      throw AppError.forbidden(
        ErrorCodes.AUTH_FORBIDDEN,
        '只能填报本单位的推广情况 (you may only set your own agency’s adoption)',
      );
    }
    const status = input.status;
    const note = input.note?.trim() ?? '';
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(BestPracticeCase, { id: caseId }))) {
        throw AppError.notFound(CaseErrors.NOT_FOUND, `案例不存在 (case not found): ${caseId}`);
      }
      if (!(await manager.existsBy(Agency, { id: agencyId }))) {
        throw AppError.notFound(AgencyErrors.NOT_FOUND, `单位不存在 (agency not found): ${agencyId}`);
      }
      const existing = await manager.findOne(CaseAdoption, {
        where: { caseId, agencyId },
        lock: { mode: 'pessimistic_write' },
      });
      this.checkVersion(existing, input.version ?? null);
      const current = cellOf(caseId, agencyId, existing);
      // Nothing to change: no write, no new version, no audit event.
      if (current.status === status && current.note === note) return current;

      let saved: CaseAdoption;
      if (existing) {
        // The update bumps `version` and `updated_at` (TypeORM's version and update-date columns).
        await manager.update(CaseAdoption, { id: existing.id }, { status, note, updatedBy: user.id });
        saved = await manager.findOneByOrFail(CaseAdoption, { id: existing.id });
      } else {
        // Two first writes may race: the loser inserts nothing and is told the cell changed.
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(CaseAdoption)
          .values({ caseId, agencyId, status, note, updatedBy: user.id })
          .orIgnore()
          .execute();
        const created = await manager.findOneByOrFail(CaseAdoption, { caseId, agencyId });
        if ((inserted.raw as unknown[]).length === 0) this.checkVersion(created, null);
        saved = created;
      }
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'case.adoption',
        entityType: 'case_adoption',
        entityId: saved.id,
        before: snapshot(existing),
        after: snapshot(saved),
        requestId,
      });
      return cellOf(caseId, agencyId, saved);
    });
  }

  /**
   * 复制推广 in numbers: per case (over the agencies in scope), per agency (over the
   * cases in scope) and in total, counted in one grouped query. Agency officers get
   * their own agency only.
   */
  async report(user: AuthUser, filters: AdoptionFilters) {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const { cases, agencies, scope } = await this.loadScope(manager, user, filters);
      // GROUPING() tells the sets apart: 1 = per case, 2 = per agency, 3 = the total.
      const rows: CountRow[] = await manager.query(
        `${scope.sql}
         SELECT GROUPING(case_id, agency_id)::int AS grouping, case_id, agency_id,
                count(*) FILTER (WHERE status = 'adopted')::int AS adopted,
                count(*) FILTER (WHERE status = 'planned')::int AS planned,
                count(*) FILTER (WHERE status = 'not_applicable')::int AS not_applicable,
                count(*) FILTER (WHERE status = 'not_assessed')::int AS not_assessed
           FROM cells
          GROUP BY GROUPING SETS ((case_id), (agency_id), ())`,
        scope.params,
      );
      const perCase = new Map(rows.filter((r) => r.grouping === 1).map((r) => [r.case_id, r]));
      const perAgency = new Map(rows.filter((r) => r.grouping === 2).map((r) => [r.agency_id, r]));
      return {
        byCase: cases.map((c) => ({
          caseId: c.id,
          documentId: c.documentId,
          number: c.number,
          title: c.title,
          category: c.category,
          provider: c.provider,
          ...counts(perCase.get(c.id)),
        })),
        byAgency: agencies.map((a) => ({ agencyId: a.id, name: a.name, kind: a.kind, ...counts(perAgency.get(a.id)) })),
        totals: {
          cases: cases.length,
          agencies: agencies.length,
          ...counts(rows.find((r) => r.grouping === 3)),
        },
      };
    });
  }

  private async loadScope(manager: EntityManager, user: AuthUser, filters: AdoptionFilters) {
    const scope = scopeSql(user, filters);
    const cases: ScopedCaseRow[] = await manager.query(
      `${scope.sql} SELECT * FROM scoped_cases sc ORDER BY ${CASE_ORDER('sc')}`,
      scope.params,
    );
    const agencies: MatrixAgency[] = await manager.query(
      `${scope.sql} SELECT sa.id, sa.name, sa.kind FROM scoped_agencies sa ORDER BY ${AGENCY_ORDER('sa')}`,
      scope.params,
    );
    return { cases: cases.map(toSummary), agencies, scope };
  }

  /** Refuses a write made against a cell that changed since the client loaded it (optimistic locking). */
  private checkVersion(current: CaseAdoption | null, version: number | null): void {
    const currentVersion = current?.version ?? null;
    if (version !== currentVersion) {
      throw AppError.conflict(
        CaseErrors.STALE_VERSION,
        `推广情况已被他人修改，请刷新后重试 (the adoption changed since you loaded it: version ${version ?? 'none'}, now ${currentVersion ?? 'none'})`,
        { currentVersion },
      );
    }
  }
}
