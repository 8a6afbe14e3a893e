import { describe, it, expect } from '@jest/globals';
import { cleanText } from './clean.js';
import { extractFromText } from './extract.js';
import { findDocumentStarts } from './split.js';

const lines = (...l: string[]): string => l.join('\n');

describe('heading paths', () => {
  it('lists each ancestor heading separately, never glued to the first child', () => {
    const text = lines(
      '一、总体要求',
      '（一）重大意义。意义的说明。',
      '（二）指导思想。思想的说明。',
      '二、主要任务',
      '（一）优化服务。1.建立机制。（责任单位：市财政局）',
    );
    const tasks = extractFromText(text).documents[0].tasks;
    expect(tasks.find((t) => t.number === '(二)')?.path).toEqual(['一、总体要求']);
    expect(tasks.find((t) => t.number === '1')?.path).toEqual(['二、主要任务', '(一)优化服务']);
  });

  it('titles a heading that stands on its own line by that line', () => {
    const text = lines('一、指导思想', '以新思想为指导，全面贯彻会议精神。', '二、发展目标', '到2025年建成体系。');
    expect(extractFromText(text).documents[0].tasks.map((t) => t.title)).toEqual(['指导思想', '发展目标']);
  });
});

describe('tasks end before the closing part of the document', () => {
  it('does not absorb closing paragraphs, signature or dates into the last item', () => {
    const text = lines(
      '国务院办公厅关于加大激励支持力度的通知',
      '一、对成效明显的地方予以倾斜。（财政部负责）',
      '二、对工作积极的地方予以奖励。（商务部负责）',
      '三、对受到表扬的地方实行免督查。（国务院办公厅负责）',
      '各有关部门制定的实施办法，于2018年12月31日前报送国务院办公厅。',
      '国务院办公厅',
      '2018年12月6日',
      '（此件公开发布）',
    );
    const [doc] = extractFromText(text).documents;
    const last = doc.tasks[doc.tasks.length - 1];
    expect(last.number).toBe('三');
    expect(last.text).toBe('三、对受到表扬的地方实行免督查。(国务院办公厅负责)');
    expect(last.deadline).toBeNull();
    expect(doc.issuedOn).toBe('2018-12-06');
  });

  it('ends a multi-paragraph last item at the signature and the annex line', () => {
    const text = lines(
      '关于推进工作的通知',
      '一、加强领导',
      '要加强领导。',
      '要压实责任。',
      '附件：任务清单',
      '某某局',
      '2021年3月1日',
    );
    const [doc] = extractFromText(text).documents;
    expect(doc.tasks[0].text).toBe('一、加强领导要加强领导。要压实责任。');
  });
});

describe('owner warnings', () => {
  it('gives one DOCUMENT_WITHOUT_OWNERS for a document without any annotation', () => {
    const r = extractFromText(lines('关于某事的若干措施', '1.甲。', '2.乙。', '3.丙。'));
    expect(r.warnings.map((w) => w.code)).toEqual(['DOCUMENT_WITHOUT_OWNERS']);
  });

  it('flags an unannotated task only where the tasks beside it are annotated', () => {
    const r = extractFromText(
      lines(
        '关于某事的若干措施',
        '一、基本原则',
        '（一）坚持改革。',
        '（二）坚持开放。',
        '二、主要任务',
        '1.甲。（责任单位：市财政局）',
        '2.乙。',
        '3.丙。（责任单位：市商务局）',
      ),
    );
    const flagged = r.warnings.filter((w) => w.code === 'TASK_WITHOUT_OWNER');
    expect(flagged).toHaveLength(1);
    expect(flagged[0].message).toContain('task 2 ');
  });
});

describe('unnumbered paragraphs with their own annotations', () => {
  const text = lines(
    '一、主要任务',
    '（一）强化顶层设计。建立指标体系，发挥导向作用。2019年6月底前研究建立指标体系。（生态环境部牵头，国家统计局参与）',
    '优化管理体制，强化分工协作。建立部门责任清单。（生态环境部指导，试点城市政府负责落实）',
    '加强政策集成，增强系统性。落实改革举措。（国家发展改革委、财政部指导）推动试点示范。（商务部指导）',
    '（二）推行绿色生产。以规模养殖场为重点。（农业农村部负责）',
  );
  const tasks = extractFromText(text).documents[0].tasks;

  it('makes each paragraph, and each annotated sentence group, a task of its own', () => {
    expect(tasks.map((t) => t.number)).toEqual(['(一)-1', '(一)-2', '(一)-3', '(一)-4', '(二)']);
    expect(tasks[0].path).toEqual(['一、主要任务', '(一)强化顶层设计']);
    expect(tasks[0].title).toBe('建立指标体系,发挥导向作用');
    expect(tasks[0]).toMatchObject({ lead: ['生态环境部'], co: ['国家统计局'] });
    expect(tasks[0].deadline?.date).toBe('2019-06-30');
    expect(tasks[1]).toMatchObject({ title: '优化管理体制,强化分工协作', lead: ['生态环境部'], co: ['试点城市政府'] });
    expect(tasks[2]).toMatchObject({ lead: ['国家发展改革委', '财政部'], co: [] });
    expect(tasks[3]).toMatchObject({ title: '推动试点示范', lead: ['商务部'] });
    expect(text.slice(tasks[0].span.start, tasks[0].span.start + 3)).toBe('（一）');
    expect(text.slice(tasks[1].span.start, tasks[1].span.start + 4)).toBe('优化管理');
  });

  it('keeps a numbered item with a single annotation as one task', () => {
    expect(tasks[4]).toMatchObject({ number: '(二)', lead: ['农业农村部'] });
  });
});

describe('document metadata', () => {
  it('lists every signing body of a joint notice, joined with 、', () => {
    const text = lines(
      '关于转发试点政策的通知',
      '京财税〔2021〕151号',
      '各区财政局：',
      '一、总体要求。确保政策落实到位。',
      '特此通知。',
      '北京市财政局 国家税务总局北京市税务局 北京市科学技术',
      '委员会 中关村科技园区管理委员会',
      '2021年2月1日',
    );
    const [doc] = extractFromText(text).documents;
    expect(doc.issuer).toBe('北京市财政局、国家税务总局北京市税务局、北京市科学技术委员会、中关村科技园区管理委员会');
    expect(doc.docNumber).toBe('京财税〔2021〕151号');
    expect(doc.issuedOn).toBe('2021-02-01');
  });

  it('does not take a document number cited in the text as the document number', () => {
    const text = lines(
      '关于建立风险补偿机制的若干措施',
      '为贯彻落实《关于加强质押融资工作的通知》（银保监发〔2019〕34号）有关要求，特制定本措施。',
      '一、加大贴息支持力度。',
    );
    expect(extractFromText(text).documents[0].docNumber).toBeNull();
  });

  it('leaves the title empty when the text opens with its first item', () => {
    const text = lines('1.建立机制。（责任单位：市财政局）', '2.完善政策。（责任单位：市商务局）');
    const [doc] = extractFromText(text).documents;
    expect(doc.title).toBe('');
    expect(doc.tasks.map((t) => t.number)).toEqual(['1', '2']);
  });
});

describe('compilations without a table of contents', () => {
  const first = lines(
    '北京市人民政府关于推进甲工作的通知',
    '京政发〔2021〕1号',
    '各区人民政府，市政府各委、办、局：',
    '一、加强组织。（责任单位：市发展改革委）',
    '北京市人民政府',
    '2021年1月20日',
  );
  const second = lines(
    '北京市财政局关于推进乙工作的若干措施',
    '各区财政局：',
    '1.落实资金。（责任单位：市财政局）',
    '北京市财政局',
    '2021年2月1日',
  );

  it('splits at a title followed by its number or addressees, after a closing date line', () => {
    const r = extractFromText(`${first}\n${second}`);
    expect(r.documents.map((d) => d.title)).toEqual([
      '北京市人民政府关于推进甲工作的通知',
      '北京市财政局关于推进乙工作的若干措施',
    ]);
    expect(r.documents[1]).toMatchObject({ issuer: '北京市财政局', issuedOn: '2021-02-01' });
    expect(r.documents[1].tasks[0].lead).toEqual(['市财政局']);
  });

  it('does not split at a title inside a document (an attached plan after the notice)', () => {
    const text = lines(first, '（此件公开发布）', '推进甲工作方案', '为推进甲工作，制定本方案。', '一、目标。');
    expect(findDocumentStarts(cleanText(text))).toEqual([]);
  });
});

describe('best-practice cases without numbers', () => {
  const text = lines(
    ' 产业综合类案例',
    ' 突破堵点贯通服务业产业链体系',
    '创新是引领发展的第一动力。',
    '一、主要做法',
    '（一）赋权：创新赋权机制。试点推进改革。',
    '（二）评估：探索评估机制。',
    '二、实践意义和效果',
    '（一）成效明显。数据增长。',
    '三、下一步开放创新发展方向',
    '（一）完善体系。',
    '23',
    '推动融资租赁创新发展 提升服务实体经济能力',
    '融资租赁作为朝阳产业，近年来在国内各',
    '地快速发展，增强了服务能力。',
    '一、主要做法',
    '（一）创新模式。',
    '二、实践意义和效果',
    '（一）效果明显。',
    '三、下一步开放创新发展方向',
    '（一）继续创新。',
    ' 特色探索类案例',
    ' 探索数字化手段在公共管理中的多场景应用',
    '北京市结合示范区建设需要，拓展数字化应用。',
    '一、数据资产托管和监管应用服务',
    '北京市发挥数据资源丰富的优势。',
    '二、基于企业信用的数字化监管服务',
    '完善监管服务体系。下一步，北京市将继续拓展应用场景。',
  );
  const cases = extractFromText(text).documents[0].cases;

  it('finds every case, past page numbers and without a practices heading', () => {
    expect(cases.map((c) => c.title)).toEqual([
      '突破堵点贯通服务业产业链体系',
      '推动融资租赁创新发展提升服务实体经济能力',
      '探索数字化手段在公共管理中的多场景应用',
    ]);
    expect(cases.map((c) => c.category)).toEqual(['产业综合类案例', '产业综合类案例', '特色探索类案例']);
    expect(cases.map((c) => c.number)).toEqual([null, null, null]);
  });

  it('reads sections; chapters are the practices of a case without 主要做法', () => {
    expect(cases[0].practices).toHaveLength(2);
    expect(cases[0].effects).toHaveLength(1);
    expect(cases[0].nextSteps).toHaveLength(1);
    expect(cases[2].practices.map((p) => p.text.slice(0, 6))).toEqual(['一、数据资产', '二、基于企业']);
    expect(cases[2].practices[1].text).toBe('二、基于企业信用的数字化监管服务完善监管服务体系。');
    expect(cases[2].effects).toEqual([]);
    expect(cases[2].nextSteps.map((p) => p.text)).toEqual(['下一步,北京市将继续拓展应用场景。']);
  });
});
