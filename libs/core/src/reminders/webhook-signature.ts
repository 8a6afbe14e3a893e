import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs a webhook body in the style of Standard Webhooks: the signature is
 * HMAC-SHA256 over `${id}.${timestamp}.${body}`, base64, sent as
 * `webhook-signature: v1,<signature>` with `webhook-id` and `webhook-timestamp`
 * (seconds), so the receiver can check both origin and freshness.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${signature}`,
  };
}

/** The receiver's check: a valid signature no older than `toleranceSeconds`. */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | undefined>,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const id = headers['webhook-id'];
  const timestamp = Number(headers['webhook-timestamp']);
  const given = headers['webhook-signature'];
  if (!id || !Number.isFinite(timestamp) || !given || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = signWebhook(secret, id, timestamp, body)['webhook-signature'];
  return given
    .split(' ')
    .some(
      (candidate) =>
        candidate.length === expected.length && timingSafeEqual(Buffer.from(candidate), Buffer.from(expected)),
    );
}
