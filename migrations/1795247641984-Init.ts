import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795247641984 implements MigrationInterface {
  name = 'Init1795247641984';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "agency_aliases" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "alias" text NOT NULL,
                "agency_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_57fb228e783151638eb01918a00" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "agency_aliases_alias_key" ON "agency_aliases" ("alias")
        `);
    await queryRunner.query(`
            CREATE INDEX "agency_aliases_agency_id_idx" ON "agency_aliases" ("agency_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "agencies" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "full_name" text,
                "kind" text NOT NULL DEFAULT 'other',
                "parent_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "agencies_kind_check" CHECK (
                    kind IN (
                        'municipal_bureau',
                        'district_government',
                        'central_unit',
                        'committee',
                        'enterprise',
                        'other'
                    )
                ),
                CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "agencies_name_key" ON "agencies" ("name")
        `);
    await queryRunner.query(`
            CREATE INDEX "agencies_parent_id_idx" ON "agencies" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_events" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "actor_id" uuid,
                "action" text NOT NULL,
                "entity_type" text NOT NULL,
                "entity_id" text NOT NULL,
                "before" jsonb,
                "after" jsonb,
                "request_id" text,
                CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "audit_events_actor_id_idx" ON "audit_events" ("actor_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "audit_events_entity_idx" ON "audit_events" ("entity_type", "entity_id", "occurred_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "document_sections" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "document_id" uuid NOT NULL,
                "parent_id" uuid,
                "label" text NOT NULL,
                "heading" text NOT NULL,
                "level" smallint NOT NULL,
                "position" integer NOT NULL,
                "span_start" integer NOT NULL,
                "span_end" integer NOT NULL,
                CONSTRAINT "document_sections_span_check" CHECK (
                    span_start >= 0
                    AND span_end >= span_start
                ),
                CONSTRAINT "PK_7be19dc6e9315a413ca3e9a5cd4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "document_sections_document_id_idx" ON "document_sections" ("document_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "document_sections_parent_id_idx" ON "document_sections" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "policy_documents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "source_file_id" uuid NOT NULL,
                "title" text NOT NULL,
                "doc_number" text,
                "issuer" text,
                "issued_on" date,
                "kind" text NOT NULL DEFAULT 'other',
                "span_start" integer NOT NULL,
                "span_end" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "policy_documents_span_check" CHECK (
                    span_start >= 0
                    AND span_end >= span_start
                ),
                CONSTRAINT "policy_documents_kind_check" CHECK (
                    kind IN (
                        'measures',
                        'work_plan',
                        'regulation',
                        'notice',
                        'cases',
                        'other'
                    )
                ),
                CONSTRAINT "PK_1b216a28d5d763f95b4c9f2e6db" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "policy_documents_source_file_id_idx" ON "policy_documents" ("source_file_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "source_files" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "file_name" text NOT NULL,
                "sha256" character(64) NOT NULL,
                "encoding" text NOT NULL,
                "byte_size" integer NOT NULL,
                "text" text NOT NULL,
                "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_915b191f0c89cdb6995a88549af" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "source_files_sha256_key" ON "source_files" ("sha256")
        `);
    await queryRunner.query(`
            CREATE TABLE "task_assignments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "task_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "role" text NOT NULL,
                "internal_division" text,
                "contact_person" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "task_assignments_task_agency_key" UNIQUE ("task_id", "agency_id"),
                CONSTRAINT "task_assignments_role_check" CHECK (role IN ('lead', 'co')),
                CONSTRAINT "PK_b68f42cf36d807d8a19a96066d7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "task_assignments_agency_role_idx" ON "task_assignments" ("agency_id", "role")
        `);
    await queryRunner.query(`
            CREATE TABLE "tasks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "document_id" uuid NOT NULL,
                "section_id" uuid,
                "number" text NOT NULL,
                "title" text NOT NULL,
                "text" text NOT NULL,
                "span_start" integer NOT NULL,
                "span_end" integer NOT NULL,
                "deadline_date" date,
                "deadline_text" text,
                "ongoing" boolean NOT NULL DEFAULT false,
                "status" text NOT NULL DEFAULT 'registered',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL,
                CONSTRAINT "tasks_deadline_check" CHECK (
                    NOT (
                        ongoing
                        AND deadline_date IS NOT NULL
                    )
                ),
                CONSTRAINT "tasks_span_check" CHECK (
                    span_start >= 0
                    AND span_end >= span_start
                ),
                CONSTRAINT "tasks_status_check" CHECK (
                    status IN (
                        'registered',
                        'assigned',
                        'acknowledged',
                        'in_progress',
                        'completion_requested',
                        'completed',
                        'closed',
                        'suspended',
                        'cancelled'
                    )
                ),
                CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "tasks_document_id_idx" ON "tasks" ("document_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "tasks_section_id_idx" ON "tasks" ("section_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "tasks_status_deadline_idx" ON "tasks" ("status", "deadline_date")
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" text NOT NULL,
                "display_name" text NOT NULL,
                "password_hash" text NOT NULL,
                "role" text NOT NULL,
                "agency_id" uuid,
                "is_active" boolean NOT NULL DEFAULT true,
                "last_login_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "users_email_lowercase_check" CHECK (email = lower(email)),
                CONSTRAINT "users_agency_check" CHECK ((role = 'agency') = (agency_id IS NOT NULL)),
                CONSTRAINT "users_role_check" CHECK (
                    role IN ('admin', 'coordinator', 'supervisor', 'agency')
                ),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "users_email_key" ON "users" ("email")
        `);
    await queryRunner.query(`
            CREATE INDEX "users_agency_id_idx" ON "users" ("agency_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "agency_aliases"
            ADD CONSTRAINT "FK_29e7ebfc16404d2ed633912ccc4" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies"
            ADD CONSTRAINT "FK_3a266a8878ec4e59e20a7bdc06d" FOREIGN KEY ("parent_id") REFERENCES "agencies"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "document_sections"
            ADD CONSTRAINT "FK_547c9886262963aa290ab370c79" FOREIGN KEY ("document_id") REFERENCES "policy_documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "document_sections"
            ADD CONSTRAINT "FK_8617d621e4082fcfe08c667daa7" FOREIGN KEY ("parent_id") REFERENCES "document_sections"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "policy_documents"
            ADD CONSTRAINT "FK_b30cb4d40950af9b3e9d5381b21" FOREIGN KEY ("source_file_id") REFERENCES "source_files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "task_assignments"
            ADD CONSTRAINT "FK_b389f4488d0a8241c3c98273966" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "task_assignments"
            ADD CONSTRAINT "FK_36d8d6137d366dc5c7cfa658a30" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks"
            ADD CONSTRAINT "FK_d6ca79d82d12e4959048f3fd7f3" FOREIGN KEY ("document_id") REFERENCES "policy_documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks"
            ADD CONSTRAINT "FK_7c12321eb376f6a329a35135fa9" FOREIGN KEY ("section_id") REFERENCES "document_sections"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "FK_6fdb3282cea9ba5877ab476aa76" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // Audit events are append-only: the database itself refuses to rewrite history.
    await queryRunner.query(`
            CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON "audit_events"
            FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events"
            FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_no_truncate ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER audit_events_no_update_or_delete ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "FK_6fdb3282cea9ba5877ab476aa76"
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks" DROP CONSTRAINT "FK_7c12321eb376f6a329a35135fa9"
        `);
    await queryRunner.query(`
            ALTER TABLE "tasks" DROP CONSTRAINT "FK_d6ca79d82d12e4959048f3fd7f3"
        `);
    await queryRunner.query(`
            ALTER TABLE "task_assignments" DROP CONSTRAINT "FK_36d8d6137d366dc5c7cfa658a30"
        `);
    await queryRunner.query(`
            ALTER TABLE "task_assignments" DROP CONSTRAINT "FK_b389f4488d0a8241c3c98273966"
        `);
    await queryRunner.query(`
            ALTER TABLE "policy_documents" DROP CONSTRAINT "FK_b30cb4d40950af9b3e9d5381b21"
        `);
    await queryRunner.query(`
            ALTER TABLE "document_sections" DROP CONSTRAINT "FK_8617d621e4082fcfe08c667daa7"
        `);
    await queryRunner.query(`
            ALTER TABLE "document_sections" DROP CONSTRAINT "FK_547c9886262963aa290ab370c79"
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies" DROP CONSTRAINT "FK_3a266a8878ec4e59e20a7bdc06d"
        `);
    await queryRunner.query(`
            ALTER TABLE "agency_aliases" DROP CONSTRAINT "FK_29e7ebfc16404d2ed633912ccc4"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."users_agency_id_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."users_email_key"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."tasks_status_deadline_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."tasks_section_id_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."tasks_document_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "tasks"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."task_assignments_agency_role_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "task_assignments"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."source_files_sha256_key"
        `);
    await queryRunner.query(`
            DROP TABLE "source_files"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."policy_documents_source_file_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "policy_documents"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."document_sections_parent_id_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."document_sections_document_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "document_sections"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_entity_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."audit_events_actor_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."agencies_parent_id_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."agencies_name_key"
        `);
    await queryRunner.query(`
            DROP TABLE "agencies"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."agency_aliases_agency_id_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."agency_aliases_alias_key"
        `);
    await queryRunner.query(`
            DROP TABLE "agency_aliases"
        `);
  }
}
