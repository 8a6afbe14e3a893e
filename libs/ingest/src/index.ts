export { IngestError, type IngestErrorCode } from './errors.js';
export {
  decodeFile,
  decodeText,
  fileKind,
  DEFAULT_MAX_BYTES,
  type DecodedFile,
  type DecodeOptions,
  type FileKind,
} from './decode.js';
export { extractFile, type ExtractionOutput } from './extract-file.js';
