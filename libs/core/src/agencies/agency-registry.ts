import { type EntityManager } from 'typeorm';
import { buildRegistry, type Agency as RegistryAgency, type AgencyRegistry } from '../../../extraction/src/registry.js';
import { AgencyAlias } from './agency-alias.entity.js';
import { Agency } from './agency.entity.js';

/** Adds the agencies and aliases that are missing; never changes what an admin has edited. */
export async function seedAgencies(manager: EntityManager, seed: RegistryAgency[]): Promise<{ added: number }> {
  const inserted = await manager
    .createQueryBuilder()
    .insert()
    .into(Agency)
    .values(seed.map((a) => ({ name: a.shortName, fullName: a.fullName, kind: a.kind })))
    .orIgnore()
    .returning(['id'])
    .execute();
  const ids = new Map(
    (await manager.getRepository(Agency).find({ select: { id: true, name: true } })).map((a) => [a.name, a.id]),
  );
  const aliases = seed.flatMap((a) =>
    a.aliases.filter((alias) => alias !== a.shortName).map((alias) => ({ alias, agencyId: ids.get(a.shortName) })),
  );
  if (aliases.length > 0) {
    await manager.createQueryBuilder().insert().into(AgencyAlias).values(aliases).orIgnore().execute();
  }
  return { added: (inserted.raw as unknown[]).length };
}

/** The registry the extractor resolves printed names against: what is in the database now. */
export async function loadAgencyRegistry(manager: EntityManager): Promise<AgencyRegistry> {
  const agencies = await manager.getRepository(Agency).find({ relations: { aliases: true } });
  return buildRegistry(
    agencies.map((a) => ({
      shortName: a.name,
      fullName: a.fullName,
      kind: a.kind,
      aliases: a.aliases.map((alias) => alias.alias),
    })),
  );
}
