/**
 * The floor for the task list: a bare Fastify route on a pg pool (no Nest, no
 * TypeORM, no auth) running the same three statements the API runs for an agency
 * officer's `GET /api/tasks?pageSize=20&sort=deadline`, and answering the same shape.
 * The agency comes from the query string instead of a token.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';

/** The page, as TypeORM builds it for TasksService.list (all task columns, stable order). */
export const LIST_PAGE_SQL = `
  SELECT task.id, task.document_id, task.section_id, task.source_key, task.printed_owners, task.number,
         task.title, task.text, task.span_start, task.span_end, task.deadline_date::text, task.deadline_text,
         task.extended_deadline::text, task.suspended_from, task.ongoing, task.status, task.created_at,
         task.updated_at, task.version
    FROM task_assignments viewer
    JOIN tasks task ON task.id = viewer.task_id
   WHERE viewer.agency_id = $1
   ORDER BY viewer.effective_deadline ASC NULLS LAST, viewer.task_id ASC
   LIMIT $2 OFFSET 0`;

/** The total, counted from the agency's assignment rows as TasksService.list does without task filters. */
export const LIST_COUNT_SQL = `SELECT COUNT(*) AS cnt FROM task_assignments WHERE agency_id = $1`;

/** The owners of the tasks on the page, with agency names (TasksService.assignmentsOf). */
export const LIST_ASSIGNMENTS_SQL = `
  SELECT a.task_id, a.agency_id, a.role, a.internal_division, a.contact_person, agency.name AS agency
    FROM task_assignments a
    LEFT JOIN agencies agency ON agency.id = a.agency_id
   WHERE a.task_id = ANY($1::uuid[])
   ORDER BY a.role DESC, a.created_at ASC`;

interface TaskRow {
  id: string;
  document_id: string;
  section_id: string | null;
  number: string;
  title: string;
  status: string;
  deadline_date: string | null;
  extended_deadline: string | null;
  ongoing: boolean;
  version: number;
  updated_at: Date;
}

interface AssignmentRow {
  task_id: string;
  agency_id: string;
  role: 'lead' | 'co';
  internal_division: string | null;
  contact_person: string | null;
  agency: string;
}

function summary(task: TaskRow, owners: AssignmentRow[]) {
  const pick = (role: string) =>
    owners
      .filter((a) => a.role === role)
      .map((a) => ({
        agencyId: a.agency_id,
        agency: a.agency,
        role: a.role,
        internalDivision: a.internal_division,
        contactPerson: a.contact_person,
      }));
  return {
    id: task.id,
    documentId: task.document_id,
    sectionId: task.section_id,
    number: task.number,
    title: task.title,
    status: task.status,
    deadlineDate: task.deadline_date,
    extendedDeadline: task.extended_deadline,
    effectiveDeadline: task.extended_deadline ?? task.deadline_date,
    ongoing: task.ongoing,
    lead: pick('lead'),
    co: pick('co'),
    version: task.version,
    updatedAt: task.updated_at,
  };
}

async function listTasks(pool: pg.Pool, agencyId: string, pageSize: number) {
  // Page and count side by side, then the owners of the page, as TasksService.list runs them.
  const [page, count] = await Promise.all([
    pool.query<TaskRow>(LIST_PAGE_SQL, [agencyId, pageSize]),
    pool.query<{ cnt: string }>(LIST_COUNT_SQL, [agencyId]),
  ]);
  const ids = page.rows.map((t) => t.id);
  const owners = ids.length ? (await pool.query<AssignmentRow>(LIST_ASSIGNMENTS_SQL, [ids])).rows : [];
  return {
    items: page.rows.map((t) =>
      summary(
        t,
        owners.filter((a) => a.task_id === t.id),
      ),
    ),
    page: 1,
    pageSize,
    total: Number(count.rows[0].cnt),
  };
}

export interface BaselineServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the bare list route on 127.0.0.1 with a random port: `GET /tasks?agencyId=…&pageSize=20`. */
export async function startBaselineListServer(databaseUrl: string, poolSize: number): Promise<BaselineServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const app: FastifyInstance = Fastify({ logger: false });
  app.get<{ Querystring: { agencyId: string; pageSize?: string } }>('/tasks', (request) =>
    listTasks(pool, request.query.agencyId, Math.min(Number(request.query.pageSize ?? 50), 200)),
  );
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}
