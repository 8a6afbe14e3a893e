export { AppError } from './app-error.js';
export { ErrorCodes } from './error-codes.js';
export { HttpExceptionFilter, toErrorBody, type ErrorBody } from './http-exception.filter.js';
export { isDatabaseUnavailableError } from './service-availability.js';
export { createValidationPipe } from './validation.js';
export { loggerModule, requestIdFor } from './logger.js';
