import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError } from './app-error.js';
import { ErrorCodes } from './error-codes.js';

interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The one ValidationPipe of the API: unknown fields are refused, types converted. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const unknown = errors.some((e) => e.constraints && 'whitelistValidation' in e.constraints);
      return unknown
        ? AppError.badRequest(
            ErrorCodes.REQUEST_UNKNOWN_FIELD,
            `请求包含未知字段 (unknown field): ${fields.map((f) => f.field).join(', ')}`,
            fields,
          )
        : AppError.badRequest(
            ErrorCodes.REQUEST_INVALID,
            `请求参数不正确 (invalid request): ${fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | ')}`,
            fields,
          );
    },
  });
}
