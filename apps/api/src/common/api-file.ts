import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A route that answers with a file: its media type and a binary body in the OpenAPI document. */
export function ApiFile(contentType: string, description: string) {
  return applyDecorators(
    ApiProduces(contentType),
    ApiOkResponse({ description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } }),
  );
}
