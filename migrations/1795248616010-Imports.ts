import { MigrationInterface, QueryRunner } from 'typeorm';

export class Imports1795248616010 implements MigrationInterface {
  name = 'Imports1795248616010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "best_practice_cases" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "document_id" uuid NOT NULL,
                "number" text,
                "title" text NOT NULL,
                "category" text,
                "provider" text,
                "practices" jsonb NOT NULL,
                "effects" jsonb NOT NULL,
                "next_steps" jsonb NOT NULL,
                "span_start" integer NOT NULL,
                "span_end" integer NOT NULL,
                CONSTRAINT "best_practice_cases_span_check" CHECK (
                    span_start >= 0
                    AND span_end >= span_start
                ),
                CONSTRAINT "PK_50a555ae5e14b036277cf6d3097" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "best_practice_cases_document_id_idx" ON "best_practice_cases" ("document_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "import_jobs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "status" text NOT NULL DEFAULT 'queued',
                "progress" smallint NOT NULL DEFAULT '0',
                "file_name" text NOT NULL,
                "byte_size" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "content" bytea,
                "uploaded_by" uuid,
                "error_code" text,
                "error_message" text,
                "extraction" jsonb,
                "plan" jsonb,
                "review" jsonb NOT NULL,
                "source_file_id" uuid,
                "committed_by" uuid,
                "committed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "import_jobs_progress_check" CHECK (
                    progress BETWEEN 0 AND 100
                ),
                CONSTRAINT "import_jobs_status_check" CHECK (
                    status IN (
                        'queued',
                        'extracting',
                        'review',
                        'committed',
                        'rejected',
                        'failed',
                        'duplicate'
                    )
                ),
                CONSTRAINT "PK_4d206c602f173f98e4bb85819a3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "import_jobs_status_idx" ON "import_jobs" ("status")
        `);
    await queryRunner.query(`
            CREATE INDEX "import_jobs_sha256_idx" ON "import_jobs" ("sha256")
        `);
    await queryRunner.query(`
            ALTER TABLE "policy_documents"
            ADD "document_key" text NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks"
            ADD "source_key" text NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks"
            ADD "printed_owners" jsonb NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "policy_documents_document_key_idx" ON "policy_documents" ("document_key")
        `);
    await queryRunner.query(`
            CREATE INDEX "tasks_document_source_key_idx" ON "tasks" ("document_id", "source_key")
        `);
    await queryRunner.query(`
            ALTER TABLE "best_practice_cases"
            ADD CONSTRAINT "FK_c63bce588cc34eba400a6e34c93" FOREIGN KEY ("document_id") REFERENCES "policy_documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "import_jobs"
            ADD CONSTRAINT "FK_9f511e7aa732fcc406348064340" FOREIGN KEY ("source_file_id") REFERENCES "source_files"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "import_jobs" DROP CONSTRAINT "FK_9f511e7aa732fcc406348064340"
        `);
    await queryRunner.query(`
            ALTER TABLE "best_practice_cases" DROP CONSTRAINT "FK_c63bce588cc34eba400a6e34c93"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."tasks_document_source_key_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."policy_documents_document_key_idx"
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks" DROP COLUMN "printed_owners"
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks" DROP COLUMN "source_key"
        `);
    await queryRunner.query(`
            ALTER TABLE "policy_documents" DROP COLUMN "document_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."import_jobs_sha256_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."import_jobs_status_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "import_jobs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."best_practice_cases_document_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "best_practice_cases"
        `);
  }
}
