import { type DataSource, type EntityManager } from 'typeorm';

/**
 * Runs work in one transaction; work that must happen only once the data is
 * committed (enqueueing jobs, sending mail) goes through `afterCommit`.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager, afterCommit: (effect: () => Promise<void> | void) => void) => Promise<T>,
): Promise<T> {
  const effects: Array<() => Promise<void> | void> = [];
  const result = await dataSource.transaction((manager) => work(manager, (effect) => effects.push(effect)));
  for (const effect of effects) await effect();
  return result;
}
