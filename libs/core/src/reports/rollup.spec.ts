import { describe, expect, it } from '@jest/globals';
import { emptyCounts, rollUpSections, type TaskCounts } from './rollup.js';

const counts = (fields: Partial<Omit<TaskCounts, 'lights'>> & { red?: number; green?: number }): TaskCounts => {
  const base = emptyCounts();
  return {
    ...base,
    ...fields,
    lights: { ...base.lights, red: fields.red ?? 0, green: fields.green ?? 0 },
  };
};

describe('rollUpSections', () => {
  const sections = [
    { id: 'ch2', parentId: null, label: '二、', heading: '第二章', position: 2 },
    { id: 'ch1', parentId: null, label: '一、', heading: '第一章', position: 1 },
    { id: 's11', parentId: 'ch1', label: '(一)', heading: '一节', position: 1 },
    { id: 's12', parentId: 'ch1', label: '(二)', heading: '二节', position: 2 },
  ];

  it('sums each section with everything below it, in printed order, and the document total', () => {
    const direct = new Map([
      ['s11', counts({ tasks: 3, completed: 1, inProgress: 2, red: 1, green: 2 })],
      ['s12', counts({ tasks: 1, completed: 1 })],
      ['ch1', counts({ tasks: 1, inProgress: 1, overdue: 1, red: 1 })],
      ['ch2', counts({ tasks: 2, registered: 2 })],
      ['', counts({ tasks: 1, completed: 1 })],
    ]);
    const { total, sections: tree, unsectioned } = rollUpSections(sections, direct);
    expect(tree.map((s) => s.id)).toEqual(['ch1', 'ch2']);
    expect(tree[0]).toMatchObject({ tasks: 5, completed: 2, inProgress: 3, overdue: 1, completionRate: 0.4 });
    expect(tree[0].lights).toMatchObject({ red: 2, green: 2 });
    expect(tree[0].children.map((c) => [c.id, c.tasks])).toEqual([
      ['s11', 3],
      ['s12', 1],
    ]);
    expect(unsectioned.tasks).toBe(1);
    expect(total).toMatchObject({ tasks: 8, completed: 3, registered: 2, completionRate: 0.375 });
  });

  it('keeps empty sections with zero counts and a zero rate', () => {
    const { total, sections: tree } = rollUpSections(sections, new Map());
    expect(tree[1]).toMatchObject({ id: 'ch2', tasks: 0, completionRate: 0, children: [] });
    expect(total.tasks).toBe(0);
  });
});
