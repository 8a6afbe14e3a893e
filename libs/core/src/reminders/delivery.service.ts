import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import { type DataSource } from 'typeorm';
import { type AppConfig } from '../../../config/src/config.js';
import { APP_CONFIG } from '../../../config/src/config.module.js';
import { CLOCK, type Clock } from '../clock.js';
import { User } from '../users/user.entity.js';
import { Delivery } from './delivery.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { signWebhook } from './webhook-signature.js';
import { buildWeeklyReportDocx } from '../reports/exports/weekly-report-docx.js';
import type { WeeklySnapshotData } from '../reports/report-types.js';
import { weeklySummary } from '../reports/weekly-summary.js';
import { WeeklySnapshot } from '../reports/weekly-snapshot.entity.js';

export const MAX_DELIVERY_ATTEMPTS = 5;
const WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * How long a claim protects a send in flight. Well above the longest send
 * (the SMTP timeouts below, the webhook timeout), so a live send is never
 * taken over; only a claim whose worker died outlives it.
 */
export const DELIVERY_LEASE_MS = 10 * 60_000;
const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

export type DeliveryOutcome = { result: 'sent' | 'skipped' } | { result: 'later'; retryAt: Date };

/** Shanghai hour (0–23) of an instant. */
function shanghaiHour(at: Date): number {
  return (at.getUTCHours() + 8) % 24;
}

/** Whether `hour` falls in [start, end), wrapping past midnight (22 → 7). */
export function inQuietHours(hour: number, start: number | null, end: number | null): boolean {
  if (start === null || end === null || start === end) return false;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

/** Sends e-mail and webhook deliveries: each one arrives, under one id that receivers can deduplicate on. */
@Injectable()
export class DeliveryService {
  private transport: Transporter | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Claims the delivery (its own commit) and sends it. A transport error puts
   * it back for a retry; the last attempt leaves it failed for admins to see.
   * A claim older than the lease belongs to a worker that died mid-send: it is
   * taken again and re-sent under the same id, which the receiver can drop if
   * the first send did arrive (the worker may have died after the send, before
   * recording it; no protocol can tell those two apart).
   */
  async send(id: string): Promise<DeliveryOutcome> {
    const delivery = await this.dataSource.getRepository(Delivery).findOneBy({ id });
    const now = this.clock.now();
    if (!delivery || !this.isClaimable(delivery, now)) return { result: 'skipped' };
    if (delivery.channel === 'email' && delivery.userId) {
      const user = await this.dataSource.getRepository(User).findOneBy({ id: delivery.userId });
      if (user && inQuietHours(shanghaiHour(now), user.quietHoursStart, user.quietHoursEnd)) {
        const hoursLeft = ((user.quietHoursEnd as number) - shanghaiHour(now) + 24) % 24;
        const retryAt = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + (hoursLeft - 1) * 3_600_000);
        return { result: 'later', retryAt };
      }
    }
    // The payload is the one the claim sees: until the claim, a run of the same key may still
    // add items to a pending digest (and waits on this row if it is adding right now), so the
    // copy read above can be short. Once claimed, further items go to a follow-up delivery.
    const claimed = await this.dataSource.query(
      `UPDATE deliveries SET state = 'sending', attempts = attempts + 1, claimed_at = $2
        WHERE id = $1 AND (state = 'pending' OR (state = 'sending' AND claimed_at < $3))
        RETURNING attempts, payload`,
      [id, now, new Date(now.getTime() - DELIVERY_LEASE_MS)],
    );
    // UPDATE … RETURNING through the pg driver answers [rows, count].
    const rows = (Array.isArray(claimed[0]) ? claimed[0] : claimed) as Array<{
      attempts: number;
      payload: Delivery['payload'];
    }>;
    if (rows.length === 0) return { result: 'skipped' };
    delivery.payload = rows[0].payload;
    try {
      if (delivery.channel === 'email') await this.sendEmail(delivery);
      else await this.sendWebhook(delivery);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const last = rows[0].attempts >= MAX_DELIVERY_ATTEMPTS;
      await this.dataSource
        .getRepository(Delivery)
        .update({ id }, { state: last ? 'failed' : 'pending', claimedAt: null, lastError: message.slice(0, 1000) });
      throw error;
    }
    await this.dataSource
      .getRepository(Delivery)
      .update({ id }, { state: 'sent', sentAt: this.clock.now(), lastError: null });
    return { result: 'sent' };
  }

  private isClaimable(delivery: Delivery, now: Date): boolean {
    if (delivery.state === 'pending') return true;
    return (
      delivery.state === 'sending' &&
      delivery.claimedAt !== null &&
      delivery.claimedAt.getTime() < now.getTime() - DELIVERY_LEASE_MS
    );
  }

  /**
   * Ids of deliveries waiting to go out, and of claims past their lease (the
   * sweep re-enqueues both after a crash).
   */
  async pendingIds(limit = 1_000): Promise<string[]> {
    const staleBefore = new Date(this.clock.now().getTime() - DELIVERY_LEASE_MS);
    const rows = await this.dataSource
      .getRepository(Delivery)
      .createQueryBuilder('d')
      .select('d.id', 'id')
      .where(`d.state = 'pending' OR (d.state = 'sending' AND d.claimed_at < :staleBefore)`, { staleBefore })
      .orderBy('d.created_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** Failed deliveries, and claims past their lease, for the admins' dashboard. */
  problems(limit = 100) {
    const staleBefore = new Date(this.clock.now().getTime() - DELIVERY_LEASE_MS);
    return this.dataSource
      .getRepository(Delivery)
      .createQueryBuilder('d')
      .where(`d.state = 'failed' OR (d.state = 'sending' AND d.claimed_at < :staleBefore)`, { staleBefore })
      .orderBy('d.created_at', 'DESC')
      .take(limit)
      .getMany();
  }

  private async sendEmail(delivery: Delivery): Promise<void> {
    if (!this.config.mail.smtpUrl) throw new Error('SMTP_URL is not configured');
    this.transport ??= createTransport({ url: this.config.mail.smtpUrl, ...SMTP_TIMEOUTS });
    const link = this.config.http.publicUrl;
    if (delivery.payload.weeklyReport) {
      const { period } = delivery.payload.weeklyReport;
      const data = await this.weeklySnapshot(period);
      await this.transport.sendMail({
        from: this.config.mail.from,
        to: delivery.target,
        subject: delivery.payload.title,
        text: `您好：\n\n${weeklySummary(data)}\n\n周报全文见附件，也可登录督办系统查看：${link}/reports/weekly/${period}\n\n（本邮件由系统自动发送，请勿回复）`,
        textEncoding: 'base64',
        messageId: `<${delivery.id}@${new URL(link).hostname}>`,
        headers: { 'X-Delivery-Id': delivery.id },
        attachments: [
          {
            filename: `督办周报-${period}.docx`,
            content: await buildWeeklyReportDocx(data),
            contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          },
        ],
      });
      return;
    }
    const lines = delivery.payload.items.map(
      (item) =>
        `· ${item.title}${item.deadline ? `（完成时限 ${item.deadline}）` : ''}\n  ${link}/tasks/${item.taskId}`,
    );
    await this.transport.sendMail({
      from: this.config.mail.from,
      to: delivery.target,
      subject: delivery.payload.title,
      text: `您好：\n\n以下任务需要关注：\n\n${lines.join('\n')}\n\n请登录督办系统查看并处理：${link}\n\n（本邮件由系统自动发送，请勿回复）`,
      textEncoding: 'base64',
      // The same id on a re-send after a crash, so mail systems and readers can drop the repeat.
      messageId: `<${delivery.id}@${new URL(link).hostname}>`,
      headers: { 'X-Delivery-Id': delivery.id },
    });
  }

  private async sendWebhook(delivery: Delivery): Promise<void> {
    const endpoint = await this.dataSource
      .getRepository(WebhookEndpoint)
      .createQueryBuilder('w')
      .addSelect('w.secret')
      .where('w.id = :id', { id: delivery.target })
      .getOne();
    if (!endpoint || !endpoint.isActive) throw new Error('webhook endpoint missing or inactive');
    const body = this.digestWebhookBody(delivery);
    const headers = signWebhook(endpoint.secret, delivery.id, Math.floor(this.clock.now().getTime() / 1000), body);
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }

  private digestWebhookBody(delivery: Delivery): string {
    return JSON.stringify({
      type: 'reminder.digest',
      run: delivery.runKey,
      title: delivery.payload.title,
      items: delivery.payload.items.map((item) => ({
        ...item,
        url: `${this.config.http.publicUrl}/tasks/${item.taskId}`,
      })),
    });
  }

  private async weeklySnapshot(period: string): Promise<WeeklySnapshotData> {
    const snapshot = await this.dataSource.getRepository(WeeklySnapshot).findOneBy({ period });
    if (!snapshot) throw new Error(`no weekly snapshot for ${period}`);
    return snapshot.data;
  }
}
