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

export const MAX_DELIVERY_ATTEMPTS = 5;
const WEBHOOK_TIMEOUT_MS = 10_000;

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

/** Sends e-mail and webhook deliveries, at most once each. */
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
   * A claim left by a crashed worker is never re-sent (at most once).
   */
  async send(id: string): Promise<DeliveryOutcome> {
    const delivery = await this.dataSource.getRepository(Delivery).findOneBy({ id });
    if (!delivery || delivery.state !== 'pending') return { result: 'skipped' };
    if (delivery.channel === 'email' && delivery.userId) {
      const user = await this.dataSource.getRepository(User).findOneBy({ id: delivery.userId });
      const now = this.clock.now();
      if (user && inQuietHours(shanghaiHour(now), user.quietHoursStart, user.quietHoursEnd)) {
        const hoursLeft = ((user.quietHoursEnd as number) - shanghaiHour(now) + 24) % 24;
        const retryAt = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + (hoursLeft - 1) * 3_600_000);
        return { result: 'later', retryAt };
      }
    }
    const claimed = await this.dataSource.query(
      `UPDATE deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = $1 AND state = 'pending' RETURNING attempts`,
      [id],
    );
    // UPDATE … RETURNING through the pg driver answers [rows, count].
    const rows = (Array.isArray(claimed[0]) ? claimed[0] : claimed) as Array<{ attempts: number }>;
    if (rows.length === 0) return { result: 'skipped' };
    try {
      if (delivery.channel === 'email') await this.sendEmail(delivery);
      else await this.sendWebhook(delivery);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const last = rows[0].attempts >= MAX_DELIVERY_ATTEMPTS;
      await this.dataSource
        .getRepository(Delivery)
        .update({ id }, { state: last ? 'failed' : 'pending', lastError: message.slice(0, 1000) });
      throw error;
    }
    await this.dataSource
      .getRepository(Delivery)
      .update({ id }, { state: 'sent', sentAt: this.clock.now(), lastError: null });
    return { result: 'sent' };
  }

  /** Ids of deliveries waiting to go out (the sweep re-enqueues them after a crash). */
  async pendingIds(limit = 1_000): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(Delivery)
      .find({ select: { id: true }, where: { state: 'pending' }, order: { createdAt: 'ASC' }, take: limit });
    return rows.map((row) => row.id);
  }

  /** Failed and stuck deliveries, for the admins' dashboard. */
  problems(limit = 100) {
    return this.dataSource
      .getRepository(Delivery)
      .createQueryBuilder('d')
      .where(`d.state = 'failed' OR (d.state = 'sending' AND d.created_at < now() - interval '10 minutes')`)
      .orderBy('d.created_at', 'DESC')
      .take(limit)
      .getMany();
  }

  private async sendEmail(delivery: Delivery): Promise<void> {
    if (!this.config.mail.smtpUrl) throw new Error('SMTP_URL is not configured');
    this.transport ??= createTransport(this.config.mail.smtpUrl);
    const link = this.config.http.publicUrl;
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
    const body = JSON.stringify({
      type: 'reminder.digest',
      run: delivery.runKey,
      title: delivery.payload.title,
      items: delivery.payload.items.map((item) => ({
        ...item,
        url: `${this.config.http.publicUrl}/tasks/${item.taskId}`,
      })),
    });
    const headers = signWebhook(endpoint.secret, delivery.id, Math.floor(this.clock.now().getTime() / 1000), body);
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}
