import { LIGHTS, type Light } from './report-types.js';

/** The counts every roll-up reports, for any group of tasks. */
export interface TaskCounts {
  /** Every task except cancelled ones. */
  tasks: number;
  /** Not yet handed over (立项, 待交办). */
  registered: number;
  /** Handed over and not yet completed (交办 … 申请办结). */
  inProgress: number;
  /** 办结 or 销号. */
  completed: number;
  suspended: number;
  overdue: number;
  lights: Record<Light, number>;
  /** completed / tasks, 0..1 (0 when there are no tasks). */
  completionRate: number;
}

export interface SectionNode {
  id: string;
  parentId: string | null;
  label: string;
  heading: string;
  position: number;
}

export interface SectionRollup extends TaskCounts {
  id: string;
  label: string;
  heading: string;
  children: SectionRollup[];
}

export function emptyCounts(): TaskCounts {
  return {
    tasks: 0,
    registered: 0,
    inProgress: 0,
    completed: 0,
    suspended: 0,
    overdue: 0,
    lights: Object.fromEntries(LIGHTS.map((l) => [l, 0])) as Record<Light, number>,
    completionRate: 0,
  };
}

/** Adds `b` into `a` (the rate is recomputed by `withRate`). */
export function addCounts(a: TaskCounts, b: TaskCounts): TaskCounts {
  const lights = { ...a.lights };
  for (const light of LIGHTS) lights[light] += b.lights[light];
  return {
    tasks: a.tasks + b.tasks,
    registered: a.registered + b.registered,
    inProgress: a.inProgress + b.inProgress,
    completed: a.completed + b.completed,
    suspended: a.suspended + b.suspended,
    overdue: a.overdue + b.overdue,
    lights,
    completionRate: 0,
  };
}

export function withRate(counts: TaskCounts): TaskCounts {
  return { ...counts, completionRate: counts.tasks > 0 ? round4(counts.completed / counts.tasks) : 0 };
}

export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * The document's own structure (chapter → section → …) with each node's
 * counts including everything below it. `direct` holds the counts SQL grouped
 * by the section a task sits in (key '' for tasks outside any section).
 */
export function rollUpSections(
  sections: SectionNode[],
  direct: ReadonlyMap<string, TaskCounts>,
): { total: TaskCounts; unsectioned: TaskCounts; sections: SectionRollup[] } {
  const children = new Map<string | null, SectionNode[]>();
  for (const section of sections) {
    const key = section.parentId !== null && sections.some((s) => s.id === section.parentId) ? section.parentId : null;
    children.set(key, [...(children.get(key) ?? []), section]);
  }
  const build = (node: SectionNode): SectionRollup => {
    const below = (children.get(node.id) ?? []).sort((a, b) => a.position - b.position).map(build);
    const own = direct.get(node.id) ?? emptyCounts();
    const counts = withRate(below.reduce<TaskCounts>((sum, child) => addCounts(sum, child), own));
    return { id: node.id, label: node.label, heading: node.heading, ...counts, children: below };
  };
  const roots = (children.get(null) ?? []).sort((a, b) => a.position - b.position).map(build);
  const unsectioned = withRate(direct.get('') ?? emptyCounts());
  const total = withRate(roots.reduce<TaskCounts>((sum, root) => addCounts(sum, root), unsectioned));
  return { total, unsectioned, sections: roots };
}
