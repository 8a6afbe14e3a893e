import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { AppError } from './app-error.js';
import { ErrorCodes } from './error-codes.js';
import { isDatabaseUnavailableError } from './service-availability.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

interface HttpReply {
  status(code: number): HttpReply;
  header(name: string, value: string): HttpReply;
  send(body: unknown): unknown;
}

const defaultCodes: Record<number, string> = {
  400: ErrorCodes.REQUEST_INVALID,
  401: ErrorCodes.AUTH_REQUIRED,
  403: ErrorCodes.AUTH_FORBIDDEN,
  404: ErrorCodes.ROUTE_NOT_FOUND,
  413: ErrorCodes.PAYLOAD_TOO_LARGE,
  429: ErrorCodes.TOO_MANY_REQUESTS,
};

/** Turns any thrown value into `{statusCode, code, message, details?, requestId}`. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof AppError) {
    return {
      statusCode: exception.status,
      code: exception.code,
      message: exception.message,
      details: exception.details,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : typeof (response as { message?: unknown }).message === 'string'
          ? (response as { message: string }).message
          : exception.message;
    return { statusCode: status, code: defaultCodes[status] ?? `HTTP.${status}`, message };
  }
  // Fastify's own errors (body too large, bad JSON) carry a statusCode.
  const fastifyError = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    return {
      statusCode: status,
      code: defaultCodes[status] ?? ErrorCodes.REQUEST_INVALID,
      message: typeof fastifyError.message === 'string' ? fastifyError.message : 'Bad request',
    };
  }
  if (isDatabaseUnavailableError(exception)) {
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: ErrorCodes.DATABASE_UNAVAILABLE,
      message: '数据库暂时不可用，请稍后重试 (database temporarily unavailable)',
    };
  }
  return { statusCode: 500, code: ErrorCodes.INTERNAL, message: '服务器内部错误 (internal error)' };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ id?: string; raw?: { id?: unknown } }>();
    const reply = http.getResponse<HttpReply>();
    const body = toErrorBody(exception);
    const requestId = typeof request.raw?.id === 'string' ? request.raw.id : request.id;
    if (requestId) body.requestId = String(requestId);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId }, body.code);
    }
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) reply.header('retry-after', '5');
    reply.status(body.statusCode).send(body);
  }
}
