import { describe, it, expect } from '@jest/globals';
import { cleanText } from './clean.js';
import { buildItems, findMarkerCandidates } from './headings.js';

function items(text: string) {
  const clean = cleanText(text);
  return buildItems(findMarkerCandidates(clean, 0, clean.text.length), clean.text.length).map((i) => ({
    label: i.marker.label,
    depth: i.depth,
    leaf: !i.hasChildren,
  }));
}

describe('heading hierarchy', () => {
  it('nests 一、 (一) 1. (1) and continues numbering across sections', () => {
    const text = '一、任务\n（一）甲类\n1.做甲。\n2.做乙。\n（二）乙类\n3.做丙。\n二、保障\n1.落实。';
    expect(items(text)).toEqual([
      { label: '一', depth: 0, leaf: false },
      { label: '(一)', depth: 1, leaf: false },
      { label: '1', depth: 2, leaf: true },
      { label: '2', depth: 2, leaf: true },
      { label: '(二)', depth: 1, leaf: false },
      { label: '3', depth: 2, leaf: true },
      { label: '二', depth: 0, leaf: false },
      { label: '1', depth: 1, leaf: true },
    ]);
  });

  it('finds items glued after an annotation and rejects numbers out of sequence', () => {
    const text = '1.甲。(责任单位:市财政局)2.乙。提高至 3.5 倍,其中 7.丙不是条目。3.丁。';
    expect(items(text).map((i) => i.label)).toEqual(['1', '2', '3']);
  });

  it('reads 第X条 articles and circled numbers', () => {
    expect(items('第一条 目的。第二条 范围:①甲;②乙。').map((i) => i.label)).toEqual(['第一条', '第二条', '①', '②']);
  });
});
