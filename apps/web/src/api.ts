import { t } from './i18n';
import { session } from './lib/session';

/** An API failure in the user's words: the server's message (zh-CN with English in parentheses), never a stack. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const STALE_VERSION = 'TASK.STALE_VERSION';

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** `{a: 1, b: ['x', 'y'], c: undefined}` → `?a=1&b=x,y` (empty values left out). */
export function toQuery(params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  form?: FormData;
  signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(`${path}${toQuery(options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', t('error.network'));
  }
  if (!response.ok) throw await toApiError(response, Boolean(token));
  return response;
}

async function toApiError(response: Response, hadToken: boolean): Promise<ApiError> {
  let code = `HTTP.${response.status}`;
  let message = '';
  let details: unknown;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      const body = (await response.json()) as { code?: unknown; message?: unknown; details?: unknown };
      if (typeof body.code === 'string') code = body.code;
      if (typeof body.message === 'string') message = body.message;
      details = body.details;
    } catch {
      // not the API's error body
    }
  }
  if (response.status === 401 && hadToken) {
    // The token expired or was revoked: sign out; the layout sends the user to the sign-in page.
    session.expire();
    return new ApiError(401, code, t('auth.expired'));
  }
  if (code === STALE_VERSION) message = t('error.stale');
  if (!message) message = response.status >= 500 ? t('error.server') : t('error.http', { status: response.status });
  return new ApiError(response.status, code, message, details);
}

/** A JSON request to the API; resolves to the parsed body (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

function fileNameFrom(disposition: string | null, fallback: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // fall through
    }
  }
  const plain = disposition?.match(/filename="?([^";]+)"?/i);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads a file that needs the bearer token (exports, evidence): fetch → blob → a
 * temporary link, under the name the server gives.
 */
export async function download(path: string, query: QueryParams = {}, fallbackName = 'download'): Promise<void> {
  const response = await send(path, { query });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The message to show for anything thrown (an ApiError's own words, or a generic one). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return t('error.unknown');
}
