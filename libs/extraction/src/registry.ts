import { REGISTRY_SEED } from './registry-data.js';

export type AgencyKind =
  'municipal_bureau' | 'district_government' | 'central_unit' | 'committee' | 'enterprise' | 'other';

export interface Agency {
  /** canonical short name, as used in reports */
  shortName: string;
  fullName: string | null;
  kind: AgencyKind;
  aliases: string[];
}

export interface AgencyRegistry {
  agencies: Agency[];
  /** normalised surface form → canonical short name */
  index: Map<string, string>;
}

const normalise = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

export function buildRegistry(agencies: Agency[]): AgencyRegistry {
  const index = new Map<string, string>();
  for (const a of agencies) {
    for (const name of [a.shortName, a.fullName, ...a.aliases]) if (name) index.set(normalise(name), a.shortName);
  }
  return { agencies, index };
}

let defaultRegistry: AgencyRegistry | null = null;

/** The registry built from the seed list of agencies. */
export function seedRegistry(): AgencyRegistry {
  defaultRegistry ??= buildRegistry(REGISTRY_SEED);
  return defaultRegistry;
}

/**
 * Canonical short name of a printed agency name, or null when unknown. Collective phrases
 * (`各有关区政府`) and district governments (`海淀区政府`) resolve to themselves when listed.
 */
export function resolveAgency(name: string, registry: AgencyRegistry = seedRegistry()): string | null {
  const key = normalise(name);
  const hit = registry.index.get(key);
  if (hit) return hit;
  // `北京市财政局` → `市财政局`; `国家税务总局` → `税务总局`
  const variants = [
    key.replace(/^北京市/, '市'),
    key.replace(/^北京/, '市'),
    key.replace(/^国家/, ''),
    key.replace(/^中国/, ''),
    key.replace(/人民政府$/, '政府'),
  ];
  for (const v of variants) {
    const h = registry.index.get(v);
    if (h) return h;
  }
  return null;
}
