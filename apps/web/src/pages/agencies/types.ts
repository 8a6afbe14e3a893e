// The agency registry's shapes (apps/api/src/agencies, the contacts and webhooks in apps/api/src/inbox).
import { isMessageKey, type MessageKey } from '../../i18n';
import type { Agency } from '../../lib/types';

export const AGENCY_KINDS = [
  'municipal_bureau',
  'district_government',
  'central_unit',
  'committee',
  'enterprise',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export interface AgencyAlias {
  id: string;
  alias: string;
  agencyId: string;
  createdAt: string;
}

/** GET /api/agencies rows: the agency with the printed names that resolve to it. */
export interface RegistryAgency extends Agency {
  aliases: AgencyAlias[];
  createdAt: string;
  updatedAt: string;
}

export interface AgencyContact {
  id: string;
  agencyId: string;
  name: string;
  email: string | null;
  phone: string | null;
  createdAt: string;
}

export interface WebhookEndpoint {
  id: string;
  agencyId: string;
  url: string;
  isActive: boolean;
  createdAt: string;
}

export const agencyKeys = {
  search: (q: string) => ['agencies', 'search', q] as const,
  contacts: (id: string) => ['agencies', 'contacts', id] as const,
  webhooks: (id: string) => ['agencies', 'webhooks', id] as const,
};

/** A kind's words (the registry may hold a kind this UI does not know yet: shown as it is). */
export function kindLabel(t: (key: MessageKey) => string, kind: string): string {
  const key = `agencyKind.${kind}`;
  return isMessageKey(key) ? t(key) : kind;
}
