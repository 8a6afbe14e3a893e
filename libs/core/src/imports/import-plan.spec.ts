import { describe, expect, it } from '@jest/globals';
import { type ExtractionResult, type Task as ExtractedTask } from '../../../extraction/src/types.js';
import { documentKey, draftTask, matchTasks, planImport, type StoredTask, textSimilarity } from './import-plan.js';
import { reviewProblem } from './import-review.js';
import { sectionTree, splitHeading } from './sections.js';

function task(number: string, title: string, extra: Partial<ExtractedTask> = {}): ExtractedTask {
  return {
    number,
    path: ['一、重点任务'],
    title,
    text: `${number}${title}。具体内容说明${title}的做法。`,
    lead: ['财政部'],
    co: [],
    internalDivision: null,
    deadline: null,
    span: { start: 0, end: 10 },
    ...extra,
  };
}

function extraction(tasks: ExtractedTask[]): ExtractionResult {
  return {
    documents: [
      {
        title: '关于测试的通知',
        docNumber: '国办发〔2030〕7号',
        issuer: null,
        issuedOn: null,
        kind: 'notice',
        span: { start: 0, end: 100 },
        tasks,
        cases: [],
      },
    ],
    agencies: {},
    warnings: [],
  };
}

function stored(t: ExtractedTask, id: string, status = 'in_progress'): StoredTask {
  const draft = draftTask(t, 'x');
  return {
    id,
    sourceKey: draft.key,
    title: draft.title,
    text: draft.text,
    deadlineDate: draft.deadlineDate,
    ongoing: draft.ongoing,
    printedOwners: { lead: draft.lead, co: draft.co },
    status,
  };
}

describe('planImport', () => {
  const original = [task('(一)', '推进登记改革'), task('(二)', '完善资金保障'), task('(三)', '加强统计监测')];
  const storedDocument = {
    id: 'doc-1',
    key: documentKey({ docNumber: '国办发〔2030〕7号', title: '' }),
    tasks: original.map((t, i) => stored(t, `task-${i + 1}`)),
  };
  const everyoneKnown = () => true;

  it('treats a document it has not seen as new, every task added', () => {
    const plan = planImport(extraction(original), [], {}, everyoneKnown);
    expect(plan.documents[0]).toMatchObject({ existingDocumentId: null, taskCount: 3 });
    expect(plan.documents[0].added).toHaveLength(3);
  });

  it('finds unchanged, changed, renumbered, added and removed tasks of a new version', () => {
    const revised = [
      task('(一)', '推进登记改革'),
      task('(二)', '加强统计监测'), // renumbered from (三)
      task('(三)', '开展试点评估'), // new; (二)完善资金保障 is gone
      task('(四)', '推进登记改革配套', { deadline: { raw: '2031年底前', date: '2031-12-31', ongoing: false } }),
    ];
    const plan = planImport(extraction(revised), [storedDocument], {}, everyoneKnown).documents[0];
    expect(plan.existingDocumentId).toBe('doc-1');
    expect(plan.unchanged).toEqual([{ ref: '0.0', taskId: 'task-1' }]);
    expect(plan.changed).toEqual([{ ref: '0.1', taskId: 'task-3', title: '加强统计监测', fields: ['position'] }]);
    expect(plan.added.map((t) => t.title)).toEqual(['开展试点评估', '推进登记改革配套']);
    expect(plan.removed).toEqual([{ taskId: 'task-2', title: '完善资金保障' }]);
  });

  it('applies review edits and exclusions, and lists unknown names not yet mapped', () => {
    const plan = planImport(
      extraction([task('(一)', '甲', { lead: ['市新设局'] }), task('(二)', '乙', { lead: ['市另设局'] })]),
      [],
      { tasks: { '0.1': { exclude: true } } },
      (name) => name === '财政部',
    );
    expect(plan.documents[0].taskCount).toBe(1);
    expect(plan.unknownAgencies).toEqual(['市新设局']);
    const mapped = planImport(
      extraction([task('(一)', '甲', { lead: ['市新设局'] })]),
      [],
      { agencyMappings: { 市新设局: { ignore: true } } },
      () => false,
    );
    expect(mapped.unknownAgencies).toEqual([]);
  });
});

describe('matchTasks and textSimilarity', () => {
  it('does not pair a replaced task with the old one only because the number is the same', () => {
    const old = stored(task('(三)', '加强统计监测'), 'old');
    const replacement = draftTask(task('(三)', '开展试点评估', { text: '(三)开展试点评估。委托第三方评估。' }), '0.2');
    expect(matchTasks([replacement], [old]).size).toBe(0);
    const edited = draftTask(task('(三)', '加强统计监测工作'), '0.2');
    expect(matchTasks([edited], [old]).get('0.2')?.id).toBe('old');
  });

  it('scores identical texts 1 and unrelated texts near 0', () => {
    expect(textSimilarity('加强统计监测', '加强统计监测')).toBe(1);
    expect(textSimilarity('加强统计监测', '开展试点评估')).toBe(0);
  });
});

describe('draftTask', () => {
  it('drops the date of an ongoing task and keeps a lead out of the co list', () => {
    const draft = draftTask(task('1', '甲', { co: ['财政部', '商务部'] }), '0.0', {
      ongoing: true,
      deadlineDate: '2030-01-01',
    });
    expect(draft).toMatchObject({ ongoing: true, deadlineDate: null, lead: ['财政部'], co: ['商务部'] });
  });
});

describe('sections', () => {
  it('splits labels from heading words', () => {
    expect(splitHeading('(一)优化税收政策体系')).toEqual({ label: '(一)', text: '优化税收政策体系' });
    expect(splitHeading('三、工作任务')).toEqual({ label: '三、', text: '工作任务' });
    expect(splitHeading('第二章 总则')).toEqual({ label: '第二章', text: '总则' });
    expect(splitHeading('附则')).toEqual({ label: '', text: '附则' });
  });

  it('rebuilds the heading tree from task paths, each section spanning its tasks', () => {
    const tree = sectionTree([
      { path: ['一、任务', '(一)甲'], span: { start: 10, end: 20 } },
      { path: ['一、任务', '(一)甲'], span: { start: 20, end: 30 } },
      { path: ['一、任务', '(二)乙'], span: { start: 30, end: 40 } },
    ]);
    expect(tree.map((s) => [s.label, s.level, s.spanStart, s.spanEnd])).toEqual([
      ['一、', 1, 10, 40],
      ['(一)', 2, 10, 30],
      ['(二)', 2, 30, 40],
    ]);
  });
});

describe('reviewProblem', () => {
  const result = extraction([task('(一)', '甲')]);
  it('accepts a sound review', () => {
    expect(reviewProblem({ tasks: { '0.0': { deadlineDate: '2030-06-30', lead: ['财政部'] } } }, result)).toBeNull();
  });
  it('names what is wrong', () => {
    expect(reviewProblem({ tasks: { '0.5': {} } }, result)).toBe('tasks.0.5: no such task');
    expect(reviewProblem({ tasks: { '0.0': { deadlineDate: '30/06/2030' } } }, result)).toMatch(/YYYY-MM-DD/);
    expect(reviewProblem({ tasks: { '0.0': { owner: 'x' } as never } }, result)).toMatch(/unknown field owner/);
    expect(reviewProblem({ agencyMappings: { x: { create: { name: 'x', kind: 'bank' } } } } as never, result)).toMatch(
      /create.kind/,
    );
  });
});
