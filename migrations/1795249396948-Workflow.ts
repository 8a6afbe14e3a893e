import { MigrationInterface, QueryRunner } from 'typeorm';

export class Workflow1795249396948 implements MigrationInterface {
  name = 'Workflow1795249396948';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "attachments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "task_id" uuid NOT NULL,
                "report_id" uuid,
                "agency_id" uuid,
                "file_name" text NOT NULL,
                "content_type" text NOT NULL,
                "byte_size" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "content" bytea NOT NULL,
                "uploaded_by" uuid NOT NULL,
                "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "attachments_task_id_idx" ON "attachments" ("task_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "extension_requests" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "task_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "requested_by" uuid NOT NULL,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "current_deadline" date,
                "requested_deadline" date NOT NULL,
                "reason" text NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "decided_by" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decision_comment" text,
                CONSTRAINT "extension_requests_status_check" CHECK (status IN ('pending', 'approved', 'refused')),
                CONSTRAINT "PK_cf652cfbd6bc847a21929fd703f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "extension_requests_task_id_idx" ON "extension_requests" ("task_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "extension_requests_one_pending_idx" ON "extension_requests" ("task_id")
            WHERE status = 'pending'
        `);
    await queryRunner.query(`
            CREATE TABLE "report_contributions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "task_id" uuid NOT NULL,
                "period" text NOT NULL,
                "agency_id" uuid NOT NULL,
                "submitted_by" uuid NOT NULL,
                "content" text NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "report_contributions_task_period_agency_key" UNIQUE ("task_id", "period", "agency_id"),
                CONSTRAINT "PK_f982c1b035bfd8deddb7d94780c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "supervision_notices" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" text NOT NULL,
                "year" smallint NOT NULL,
                "sequence" integer NOT NULL,
                "task_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "body" text NOT NULL,
                "sent_by" uuid NOT NULL,
                "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "supervision_notices_number_key" UNIQUE ("kind", "year", "sequence"),
                CONSTRAINT "supervision_notices_kind_check" CHECK (kind IN ('chase', 'supervision')),
                CONSTRAINT "PK_9b4420fd0c2f761f599285c6ee8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "supervision_notices_task_id_idx" ON "supervision_notices" ("task_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "task_comments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "task_id" uuid NOT NULL,
                "parent_id" uuid,
                "author_id" uuid NOT NULL,
                "body" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_83b99b0b03db29d4cafcb579b77" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "task_comments_task_id_idx" ON "task_comments" ("task_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "task_reports" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "task_id" uuid NOT NULL,
                "period" text NOT NULL,
                "revision" integer NOT NULL,
                "agency_id" uuid NOT NULL,
                "submitted_by" uuid NOT NULL,
                "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "rating" text NOT NULL,
                "percent" smallint NOT NULL,
                "work_done" text NOT NULL,
                "next_steps" text NOT NULL DEFAULT '',
                "problems" text NOT NULL DEFAULT '',
                "is_final" boolean NOT NULL DEFAULT false,
                "late" boolean NOT NULL DEFAULT false,
                "returned_at" TIMESTAMP WITH TIME ZONE,
                "returned_by" uuid,
                "return_comment" text,
                CONSTRAINT "task_reports_task_period_revision_key" UNIQUE ("task_id", "period", "revision"),
                CONSTRAINT "task_reports_period_check" CHECK (period ~ '^[0-9]{4}-W[0-9]{2}$'),
                CONSTRAINT "task_reports_percent_check" CHECK (
                    percent BETWEEN 0 AND 100
                ),
                CONSTRAINT "task_reports_rating_check" CHECK (rating IN ('on_track', 'at_risk', 'off_track')),
                CONSTRAINT "PK_e77e2d7597e6b6bff2523010cb2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "task_reports_period_idx" ON "task_reports" ("period")
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks"
            ADD "extended_deadline" date
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks"
            ADD "suspended_from" text
        `);
    await queryRunner.query(`
            ALTER TABLE "attachments"
            ADD CONSTRAINT "FK_e62fd181b97caa6b150b09220b1" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "extension_requests"
            ADD CONSTRAINT "FK_9f7f906d26983d95257acdba174" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "report_contributions"
            ADD CONSTRAINT "FK_7a675c98a5e07fdfa02b560a2df" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "supervision_notices"
            ADD CONSTRAINT "FK_72a5c69043fd2425700dd7ac758" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "task_comments"
            ADD CONSTRAINT "FK_ba9e465cfc707006e60aae59946" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "task_comments"
            ADD CONSTRAINT "FK_4261bbaf7624147fed61d8a91c3" FOREIGN KEY ("parent_id") REFERENCES "task_comments"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "task_reports"
            ADD CONSTRAINT "FK_808e9c5f4925a25a6b8a4ecf70a" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // Chinese search: trigrams need a C.UTF-8 (not C) database to index CJK characters.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
            CREATE INDEX "tasks_search_trgm_idx" ON "tasks" USING gin ((title || ' ' || text) gin_trgm_ops)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."tasks_search_trgm_idx"`);
    await queryRunner.query(`
            ALTER TABLE "task_reports" DROP CONSTRAINT "FK_808e9c5f4925a25a6b8a4ecf70a"
        `);
    await queryRunner.query(`
            ALTER TABLE "task_comments" DROP CONSTRAINT "FK_4261bbaf7624147fed61d8a91c3"
        `);
    await queryRunner.query(`
            ALTER TABLE "task_comments" DROP CONSTRAINT "FK_ba9e465cfc707006e60aae59946"
        `);
    await queryRunner.query(`
            ALTER TABLE "supervision_notices" DROP CONSTRAINT "FK_72a5c69043fd2425700dd7ac758"
        `);
    await queryRunner.query(`
            ALTER TABLE "report_contributions" DROP CONSTRAINT "FK_7a675c98a5e07fdfa02b560a2df"
        `);
    await queryRunner.query(`
            ALTER TABLE "extension_requests" DROP CONSTRAINT "FK_9f7f906d26983d95257acdba174"
        `);
    await queryRunner.query(`
            ALTER TABLE "attachments" DROP CONSTRAINT "FK_e62fd181b97caa6b150b09220b1"
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks" DROP COLUMN "suspended_from"
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks" DROP COLUMN "extended_deadline"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."task_reports_period_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "task_reports"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."task_comments_task_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "task_comments"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."supervision_notices_task_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "supervision_notices"
        `);
    await queryRunner.query(`
            DROP TABLE "report_contributions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."extension_requests_one_pending_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."extension_requests_task_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "extension_requests"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."attachments_task_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "attachments"
        `);
  }
}
