import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { extractFromText } from './extract.js';
import type { ExtractionResult, Span } from './types.js';

const SAMPLES = join(process.cwd(), 'samples');

function allSpans(r: ExtractionResult): Span[] {
  const spans: Span[] = r.warnings.map((w) => w.span);
  for (const d of r.documents) {
    spans.push(d.span);
    for (const t of d.tasks) spans.push(t.span);
    for (const c of d.cases) {
      spans.push(c.span);
      for (const s of [...c.practices, ...c.effects, ...c.nextSteps]) spans.push(s.span);
    }
  }
  return spans;
}

function expectSpansInside(r: ExtractionResult, text: string): void {
  for (const s of allSpans(r)) {
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(s.start).toBeLessThanOrEqual(s.end);
    expect(s.end).toBeLessThanOrEqual(text.length);
  }
}

describe('extractFromText', () => {
  const plan = [
    '关于推进某项工作的实施方案',
    '一、重点任务',
    '（一）优化服务',
    '1.建立机制。2021年6月底前建立协调机制。（责任单位：市发展改 革委、市科委，海淀区、丰台区政府）',
    '2.完善政策。研究出台配套政策。',
    '（市级牵头单位：市财政局；市级协办单位：市人力社保局）',
    '完成时限：2021年一季度',
    '局内主责处室：税政处',
  ].join('\n');

  it('reads tasks, owners, deadlines and spans from the original text', () => {
    const r = extractFromText(plan);
    const [doc] = r.documents;
    expect(doc.title).toBe('关于推进某项工作的实施方案');
    expect(doc.kind).toBe('work_plan');
    expect(doc.tasks).toHaveLength(2);
    const [t1, t2] = doc.tasks;
    expect(plan.slice(t1.span.start, t1.span.start + 2)).toBe('1.');
    expect(t1.path).toEqual(['一、重点任务', '(一)优化服务']);
    expect(t1.title).toBe('建立机制');
    expect(t1.lead).toEqual(['市发展改革委', '市科委', '海淀区政府', '丰台区政府']);
    expect(t1.deadline).toMatchObject({ date: '2021-06-30', ongoing: false });
    expect(t2.lead).toEqual(['市财政局']);
    expect(t2.co).toEqual(['市人力社保局']);
    expect(t2.deadline?.date).toBe('2021-03-31');
    expect(t2.internalDivision).toBe('税政处');
    expect(r.agencies['市人力社保局']).toBe('市人力资源社会保障局');
  });

  it('warns about unknown agencies and tasks without owner', () => {
    const r = extractFromText('一、任务\n1.甲。（责任单位：某某虚构局）\n2.乙。\n3.丙。（责任单位：市财政局）');
    const codes = r.warnings.map((w) => w.code);
    expect(codes).toContain('UNKNOWN_AGENCY');
    expect(codes).toContain('TASK_WITHOUT_OWNER');
  });

  it('reads a TAB-separated task table', () => {
    const text =
      '附件\n序号\t任务\t牵头单位\t配合单位\t完成时限\n1\t建立台账\t市财政局\t市科委、市商务局\t2022年底前\n';
    const [doc] = extractFromText(text).documents;
    const task = doc.tasks.find((t) => t.title === '建立台账');
    expect(task).toMatchObject({ number: '1', lead: ['市财政局'], co: ['市科委', '市商务局'] });
    expect(task?.deadline?.date).toBe('2022-12-31');
    expect(text.slice(task!.span.start, task!.span.start + 1)).toBe('1');
  });

  it('reads best-practice cases', () => {
    const text = [
      '案例汇编',
      '1.某项创新做法',
      '（上海市提供）',
      '简介。',
      '一、主要做法',
      '（一）做法甲。内容。',
      '（二）做法乙。内容。',
      '二、实践效果',
      '效果一。',
      '三、下一步工作思路',
      '继续推进。',
    ].join('\n');
    const [doc] = extractFromText(text).documents;
    expect(doc.kind).toBe('cases');
    expect(doc.cases).toHaveLength(1);
    const c = doc.cases[0];
    expect(c).toMatchObject({ number: '1', title: '某项创新做法', provider: '上海市' });
    expect(c.practices.map((p) => p.text)).toEqual(['(一)做法甲。内容。', '(二)做法乙。内容。']);
    expect(c.effects).toHaveLength(1);
    expect(c.nextSteps).toHaveLength(1);
    expect(text.slice(c.practices[1].span.start, c.practices[1].span.end)).toBe('（二）做法乙。内容。');
  });

  it('never throws and keeps spans inside the text on random and mutated input', () => {
    const pieces = fc.constantFrom(
      '一、',
      '（一）',
      '(二)',
      '1.',
      '2、',
      '(3)',
      '①',
      '第一条',
      '一是',
      '（责任单位：市财政局、海淀区、',
      '丰台区政府）',
      '2021年6月底前',
      '持续推进',
      '完成时限：',
      '。',
      '\n',
      ' ',
      '\t',
      '目录',
      '......12',
      '主要做法',
      '实践效果',
      '（上海市提供）',
      '市水 务局',
      '\ud800',
    );
    const docLike = fc.array(fc.oneof(pieces, fc.string({ maxLength: 20 })), { maxLength: 200 }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.oneof(docLike, fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 300 })),
        (text) => {
          const r = extractFromText(text);
          expectSpansInside(r, text);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('stays fast on huge lines and deep nesting', () => {
    const huge = '甲'.repeat(300_000);
    const deep = '('.repeat(5000) + '责任单位:市财政局' + ')'.repeat(5000);
    const many = Array.from({ length: 3000 }, (_, i) => `${i + 1}.任务。`).join('');
    for (const text of [huge, deep, many]) {
      const t0 = performance.now();
      expectSpansInside(extractFromText(text), text);
      expect(performance.now() - t0).toBeLessThan(3000);
    }
  });
});

describe('on the sample documents', () => {
  const files = ['seeds', 'gov'].flatMap((folder) =>
    readdirSync(join(SAMPLES, folder))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => join(SAMPLES, folder, f)),
  );

  it('keeps every span inside the text and starts tasks at their number', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const r = extractFromText(text);
      expectSpansInside(r, text);
      for (const d of r.documents)
        for (const t of d.tasks)
          if (/-\d+$/.test(t.number) && !t.number.endsWith('-1'))
            // an unnumbered paragraph split from its item starts a line or follows an annotation
            expect(text[t.span.start - 1]).toMatch(/[\n)）]/);
          else if (!/\t/.test(text.slice(t.span.start, t.span.end)))
            expect(text[t.span.start]).toMatch(/[\d(（一二三四五六七八九十第①-⑳]/);
    }
  });

  it('never throws on truncated, shuffled and spliced samples, and keeps spans inside', () => {
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    const mutated = fc
      .tuple(
        fc.integer({ min: 0, max: texts.length - 1 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('cut', 'shuffle', 'splice'),
      )
      .map(([which, a, b, how]) => {
        const text = texts[which];
        if (how === 'cut') return text.slice(a % text.length, (a % text.length) + (b % 20_000));
        const lines = text.split('\n');
        if (how === 'shuffle')
          return lines.map((line, i) => lines[(i * ((a % 97) | 1) + b) % lines.length] ?? line).join('\n');
        const at = a % text.length;
        return text.slice(0, at) + text.slice((at + (b % 5_000)) % text.length);
      });
    fc.assert(
      fc.property(mutated, (text) => expectSpansInside(extractFromText(text), text)),
      { numRuns: 300 },
    );
  });

  it('splits the compilation into the documents of its table of contents', () => {
    const file = files.find((f) => f.includes('003_'));
    if (!file) return;
    const r = extractFromText(readFileSync(file, 'utf8'));
    expect(r.documents).toHaveLength(26);
    const finance = r.documents.find((d) => d.title === '北京市财政局关于“两区”建设推进工作措施');
    expect(finance?.issuer).toBe('北京市财政局');
    expect(finance?.issuedOn).toBe('2021-02-18');
  });

  it('reads the national annotation rule "排在第一位的部门为牵头部门"', () => {
    const file = files.find((f) => f.includes('01_gov'));
    if (!file) return;
    const [doc] = extractFromText(readFileSync(file, 'utf8')).documents;
    expect(doc.docNumber).toBe('国发〔2019〕3号');
    const first = doc.tasks.find((t) => t.title === '拓展两个市场');
    expect(first).toMatchObject({ lead: ['税务总局'], co: ['财政部', '海关总署'] });
  });
});
