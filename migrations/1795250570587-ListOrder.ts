import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListOrder1795250570587 implements MigrationInterface {
  name = 'ListOrder1795250570587';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "task_assignments"
            ADD "effective_deadline" date
        `);
    await queryRunner.query(`
            CREATE INDEX "task_assignments_agency_deadline_idx" ON "task_assignments" ("agency_id", "effective_deadline", "task_id")
        `);
    // Keep task_assignments.effective_deadline equal to the task's deadline in force.
    await queryRunner.query(`
            UPDATE "task_assignments" a SET "effective_deadline" = COALESCE(t."extended_deadline", t."deadline_date")
            FROM "tasks" t WHERE t."id" = a."task_id"
        `);
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
            CREATE INDEX "tasks_effective_deadline_idx" ON "tasks" ((COALESCE("extended_deadline", "deadline_date")), "id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."tasks_effective_deadline_idx"`);
    await queryRunner.query(`DROP TRIGGER tasks_spread_deadline ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION tasks_spread_deadline()`);
    await queryRunner.query(`DROP TRIGGER task_assignments_copy_deadline ON "task_assignments"`);
    await queryRunner.query(`DROP FUNCTION task_assignments_copy_deadline()`);
    await queryRunner.query(`
            DROP INDEX "public"."task_assignments_agency_deadline_idx"
        `);
    await queryRunner.query(`
            ALTER TABLE "task_assignments" DROP COLUMN "effective_deadline"
        `);
  }
}
