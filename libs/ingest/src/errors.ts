export type IngestErrorCode = 'UNSUPPORTED_TYPE' | 'EMPTY_FILE' | 'BINARY_FILE' | 'FILE_TOO_LARGE' | 'DECODE_FAILED';

/** A file the importer refuses, with a stable code for callers and a message for people. */
export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
