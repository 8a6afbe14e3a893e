import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgencyContacts1795252504765 implements MigrationInterface {
  name = 'AgencyContacts1795252504765';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "agency_contacts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agency_id" uuid NOT NULL,
                "name" text NOT NULL,
                "email" text,
                "phone" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_959e10de570525d4d24d2129e40" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "agency_contacts_agency_id_idx" ON "agency_contacts" ("agency_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "agency_contacts"
            ADD CONSTRAINT "FK_6a311d88dd50dcb0d40c7d36ab6" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "agency_contacts" DROP CONSTRAINT "FK_6a311d88dd50dcb0d40c7d36ab6"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."agency_contacts_agency_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "agency_contacts"
        `);
  }
}
