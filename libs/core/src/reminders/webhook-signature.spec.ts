import { describe, expect, it } from '@jest/globals';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

describe('webhook signatures', () => {
  const body = JSON.stringify({ title: '督办提醒' });

  it('signs so that the receiver can verify, and rejects a changed body, another secret or an old message', () => {
    const headers = signWebhook('s3cret', 'msg_1', 1_795_000_000, body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifyWebhook('s3cret', headers, body, 1_795_000_010)).toBe(true);
    expect(verifyWebhook('s3cret', headers, `${body} `, 1_795_000_010)).toBe(false);
    expect(verifyWebhook('other', headers, body, 1_795_000_010)).toBe(false);
    expect(verifyWebhook('s3cret', headers, body, 1_795_000_000 + 3_600)).toBe(false);
  });

  it('matches the Standard Webhooks reference signature', () => {
    // HMAC-SHA256 of "id.ts.body" with the secret, base64: computed independently with openssl.
    const headers = signWebhook('whsec', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(headers['webhook-signature']).toBe(`v1,${REFERENCE}`);
  });
});

const REFERENCE = 'K3TUZ7lt3pwPZVCHIM7EGf229OGOKKtJKgQ5jD5L2H0=';
