import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reminders1795251412043 implements MigrationInterface {
  name = 'Reminders1795251412043';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "run_key" text NOT NULL,
                "title" text NOT NULL,
                "body" text NOT NULL,
                "items" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "read_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "notifications_user_run_key" UNIQUE ("user_id", "run_key"),
                CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "notifications_user_created_idx" ON "notifications" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "reminders" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "task_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "level" text NOT NULL,
                "key" text NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "state" text NOT NULL DEFAULT 'pending',
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "reason" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "reminders_task_key_key" UNIQUE ("task_id", "key"),
                CONSTRAINT "reminders_level_check" CHECK (
                    level IN ('remind', 'chase', 'supervise', 'bulletin')
                ),
                CONSTRAINT "reminders_kind_check" CHECK (
                    kind IN (
                        'deadline_approaching',
                        'report_due',
                        'report_missing',
                        'report_escalation',
                        'overdue'
                    )
                ),
                CONSTRAINT "reminders_state_check" CHECK (
                    state IN ('pending', 'sent', 'skipped', 'cancelled')
                ),
                CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "reminders_state_due_idx" ON "reminders" ("state", "due_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "reminders"
            ADD CONSTRAINT "FK_724a04dce0aad114ddfe9e8140b" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "reminders" DROP CONSTRAINT "FK_724a04dce0aad114ddfe9e8140b"
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."reminders_state_due_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "reminders"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_user_created_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "notifications"
        `);
  }
}
