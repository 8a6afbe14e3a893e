export * from './types.js';
export { extractFromText, type ExtractOptions } from './extract.js';
export { cleanText, toOriginalSpan, findPageNumbers, type CleanText } from './clean.js';
export { parseDeadlineValue, findInlineDeadlines } from './deadline.js';
export { parseResponsibility, statesFirstIsLead, applyFirstIsLead } from './annotations.js';
export { splitAgencyList, isCollective } from './agencies.js';
export {
  buildRegistry,
  resolveAgency,
  seedRegistry,
  type Agency,
  type AgencyKind,
  type AgencyRegistry,
} from './registry.js';
export { REGISTRY_SEED } from './registry-data.js';
export { readHeader, readRow, columnRole } from './table.js';
