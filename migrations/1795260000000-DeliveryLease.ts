import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryLease1795260000000 implements MigrationInterface {
  name = 'DeliveryLease1795260000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "deliveries"
            ADD "claimed_at" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "deliveries" DROP COLUMN "claimed_at"
        `);
  }
}
