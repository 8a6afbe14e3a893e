import { MigrationInterface, QueryRunner } from 'typeorm';

export class Deliveries1795251661656 implements MigrationInterface {
  name = 'Deliveries1795251661656';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "run_key" text NOT NULL,
                "channel" text NOT NULL,
                "target" text NOT NULL,
                "user_id" uuid,
                "payload" jsonb NOT NULL,
                "state" text NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "sent_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "deliveries_key" UNIQUE ("run_key", "channel", "target"),
                CONSTRAINT "deliveries_state_check" CHECK (
                    state IN ('pending', 'sending', 'sent', 'failed')
                ),
                CONSTRAINT "deliveries_channel_check" CHECK (channel IN ('email', 'webhook')),
                CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "deliveries_state_idx" ON "deliveries" ("state", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_endpoints" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agency_id" uuid NOT NULL,
                "url" text NOT NULL,
                "secret" text NOT NULL,
                "is_active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "webhook_endpoints_agency_id_idx" ON "webhook_endpoints" ("agency_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "email_notifications" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "quiet_hours_start" smallint
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "quiet_hours_end" smallint
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "quiet_hours_end"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "quiet_hours_start"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "email_notifications"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."webhook_endpoints_agency_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_endpoints"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."deliveries_state_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "deliveries"
        `);
  }
}
