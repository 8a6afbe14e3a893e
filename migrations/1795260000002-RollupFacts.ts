import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Copies the task facts that per-agency roll-ups count onto each assignment
 * row, next to the deadline already copied there: the task's status, hand-over
 * and completion times, and the weeks whose report came in on time (its first
 * revision before the week ended). An agency's figures, report punctuality
 * included, are then read from its assignment rows alone.
 */
export class RollupFacts1795260000002 implements MigrationInterface {
  name = 'RollupFacts1795260000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "task_assignments"
            ADD "task_status" text,
            ADD "task_assigned_at" TIMESTAMP WITH TIME ZONE,
            ADD "task_completed_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            UPDATE "task_assignments" a
               SET "task_status" = t."status", "task_assigned_at" = t."assigned_at", "task_completed_at" = t."completed_at"
              FROM "tasks" t WHERE t."id" = a."task_id"
        `);
    await queryRunner.query(`ALTER TABLE "task_assignments" ALTER COLUMN "task_status" SET NOT NULL`);
    await queryRunner.query(`
            ALTER TABLE "task_assignments" ADD "on_time_periods" text array NOT NULL DEFAULT '{}'
        `);
    // The end of an ISO week (2026-W46) in Shanghai: the next Monday at 00:00 Beijing time.
    await queryRunner.query(`
            CREATE FUNCTION report_week_end(period text) RETURNS timestamptz LANGUAGE sql STABLE AS $$
                SELECT (to_date(period, 'IYYY-"W"IW') + 7)::timestamp AT TIME ZONE 'Asia/Shanghai'
            $$
        `);
    await queryRunner.query(`
            CREATE FUNCTION on_time_periods(task uuid) RETURNS text[] LANGUAGE sql STABLE AS $$
                SELECT coalesce(array_agg(period ORDER BY period), '{}') FROM task_reports
                 WHERE task_id = task AND revision = 1 AND submitted_at < report_week_end(period)
            $$
        `);
    await queryRunner.query(`
            UPDATE "task_assignments" a SET "on_time_periods" = p.periods
              FROM (SELECT task_id, array_agg(period ORDER BY period) AS periods FROM "task_reports"
                     WHERE revision = 1 AND submitted_at < report_week_end(period) GROUP BY task_id) p
             WHERE p.task_id = a."task_id"
        `);
    // Any change to a task's reports recomputes its on-time weeks (a few rows, by the unique key).
    await queryRunner.query(`
            CREATE FUNCTION task_reports_spread_on_time() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                task uuid;
                periods text[];
            BEGIN
                FOR task IN SELECT DISTINCT id FROM unnest(ARRAY[
                    CASE WHEN TG_OP <> 'INSERT' THEN OLD.task_id END,
                    CASE WHEN TG_OP <> 'DELETE' THEN NEW.task_id END]) AS id WHERE id IS NOT NULL
                LOOP
                    periods := on_time_periods(task);
                    UPDATE task_assignments SET on_time_periods = periods
                     WHERE task_id = task AND on_time_periods IS DISTINCT FROM periods;
                END LOOP;
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER task_reports_spread_on_time
            AFTER INSERT OR DELETE OR UPDATE OF task_id, period, revision, submitted_at ON "task_reports"
            FOR EACH ROW EXECUTE FUNCTION task_reports_spread_on_time()
        `);
    await queryRunner.query(`DROP TRIGGER task_assignments_copy_deadline ON "task_assignments"`);
    await queryRunner.query(`DROP FUNCTION task_assignments_copy_deadline()`);
    await queryRunner.query(`DROP TRIGGER tasks_spread_deadline ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION tasks_spread_deadline()`);
    await queryRunner.query(`
            CREATE FUNCTION task_assignments_copy_task() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                SELECT COALESCE(extended_deadline, deadline_date), status, assigned_at, completed_at
                  INTO NEW.effective_deadline, NEW.task_status, NEW.task_assigned_at, NEW.task_completed_at
                  FROM tasks WHERE id = NEW.task_id;
                NEW.on_time_periods := on_time_periods(NEW.task_id);
                RETURN NEW;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER task_assignments_copy_task BEFORE INSERT OR UPDATE OF task_id ON "task_assignments"
            FOR EACH ROW EXECUTE FUNCTION task_assignments_copy_task()
        `);
    await queryRunner.query(`
            CREATE FUNCTION tasks_spread_to_assignments() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE task_assignments
                   SET effective_deadline = COALESCE(NEW.extended_deadline, NEW.deadline_date),
                       task_status = NEW.status, task_assigned_at = NEW.assigned_at, task_completed_at = NEW.completed_at
                 WHERE task_id = NEW.id;
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER tasks_spread_to_assignments
            AFTER UPDATE OF deadline_date, extended_deadline, status, assigned_at, completed_at ON "tasks"
            FOR EACH ROW WHEN (
                COALESCE(OLD.extended_deadline, OLD.deadline_date) IS DISTINCT FROM COALESCE(NEW.extended_deadline, NEW.deadline_date)
                OR OLD.status IS DISTINCT FROM NEW.status
                OR OLD.assigned_at IS DISTINCT FROM NEW.assigned_at
                OR OLD.completed_at IS DISTINCT FROM NEW.completed_at)
            EXECUTE FUNCTION tasks_spread_to_assignments()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER task_reports_spread_on_time ON "task_reports"`);
    await queryRunner.query(`DROP FUNCTION task_reports_spread_on_time()`);
    await queryRunner.query(`DROP TRIGGER tasks_spread_to_assignments ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION tasks_spread_to_assignments()`);
    await queryRunner.query(`DROP TRIGGER task_assignments_copy_task ON "task_assignments"`);
    await queryRunner.query(`DROP FUNCTION task_assignments_copy_task()`);
    await queryRunner.query(`
            CREATE FUNCTION task_assignments_copy_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                SELECT COALESCE(extended_deadline, deadline_date) INTO NEW.effective_deadline FROM tasks WHERE id = NEW.task_id;
                RETURN NEW;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER task_assignments_copy_deadline BEFORE INSERT OR UPDATE OF task_id ON "task_assignments"
            FOR EACH ROW EXECUTE FUNCTION task_assignments_copy_deadline()
        `);
    await queryRunner.query(`
            CREATE FUNCTION tasks_spread_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE task_assignments SET effective_deadline = COALESCE(NEW.extended_deadline, NEW.deadline_date)
                WHERE task_id = NEW.id;
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER tasks_spread_deadline AFTER UPDATE OF deadline_date, extended_deadline ON "tasks"
            FOR EACH ROW WHEN (COALESCE(OLD.extended_deadline, OLD.deadline_date) IS DISTINCT FROM COALESCE(NEW.extended_deadline, NEW.deadline_date))
            EXECUTE FUNCTION tasks_spread_deadline()
        `);
    await queryRunner.query(`
            ALTER TABLE "task_assignments" DROP COLUMN "on_time_periods", DROP COLUMN "task_completed_at",
            DROP COLUMN "task_assigned_at", DROP COLUMN "task_status"
        `);
    await queryRunner.query(`DROP FUNCTION on_time_periods(uuid)`);
    await queryRunner.query(`DROP FUNCTION report_week_end(text)`);
  }
}
