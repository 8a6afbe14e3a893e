import { BadRequestException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from '@jest/globals';
import { AppError } from './app-error.js';
import { toErrorBody } from './http-exception.filter.js';
import { isDatabaseUnavailableError } from './service-availability.js';

describe('toErrorBody', () => {
  it('keeps an AppError as it is', () => {
    expect(toErrorBody(AppError.notFound('TASK.NOT_FOUND', 'no such task'))).toEqual({
      statusCode: 404,
      code: 'TASK.NOT_FOUND',
      message: 'no such task',
      details: undefined,
    });
  });

  it('gives Nest exceptions a stable code from their status', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'))).toMatchObject({
      statusCode: 404,
      code: 'ROUTE.NOT_FOUND',
    });
    expect(toErrorBody(new BadRequestException('Validation failed (uuid is expected)'))).toMatchObject({
      statusCode: 400,
      code: 'REQUEST.INVALID',
      message: 'Validation failed (uuid is expected)',
    });
  });

  it('maps an unreachable database to 503 and hides anything else behind a 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toErrorBody(refused)).toMatchObject({ statusCode: 503, code: 'SERVICE.DATABASE_UNAVAILABLE' });
    const bug = toErrorBody(new TypeError('x is undefined'));
    expect(bug).toMatchObject({ statusCode: 500, code: 'INTERNAL.ERROR' });
    expect(bug.message).not.toContain('undefined');
  });

  it('passes through client errors raised by the HTTP server itself', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(toErrorBody(tooLarge)).toMatchObject({ statusCode: 413, code: 'REQUEST.PAYLOAD_TOO_LARGE' });
  });
});

describe('isDatabaseUnavailableError', () => {
  it('looks through wrapped driver errors and aggregate errors', () => {
    const driverError = Object.assign(new Error('terminating connection'), { code: '57P01' });
    expect(isDatabaseUnavailableError({ message: 'query failed', driverError })).toBe(true);
    expect(isDatabaseUnavailableError(new AggregateError([Object.assign(new Error(), { code: 'ECONNREFUSED' })]))).toBe(
      true,
    );
    expect(isDatabaseUnavailableError(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('does not mistake ordinary query errors for an outage', () => {
    expect(isDatabaseUnavailableError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailableError(undefined)).toBe(false);
  });
});
