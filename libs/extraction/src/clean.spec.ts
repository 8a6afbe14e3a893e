import { describe, it, expect } from '@jest/globals';
import { cleanText, findPageNumbers, toOriginalSpan } from './clean.js';

describe('cleanText', () => {
  it('joins names split by PDF spaces and keeps offsets into the original', () => {
    const original = '(责任单位:市水 务局、市发展改 革委)';
    const clean = cleanText(original);
    expect(clean.text).toBe('(责任单位:市水务局、市发展改革委)');
    const at = clean.text.indexOf('市发展改革委');
    const span = toOriginalSpan(clean, at, at + '市发展改革委'.length);
    expect(original.slice(span.start, span.end)).toBe('市发展改 革委');
  });

  it('removes page numbers that run in sequence, not numbers that are content', () => {
    const original = '甲乙 14 丙丁。内容 15 内容 2020 年 12 月底。保障范 16 围,投入 500 万元';
    const clean = cleanText(original);
    expect(clean.text).toBe('甲乙丙丁。内容内容2020年12月底。保障范围,投入500万元');
    expect(findPageNumbers(original).map((s) => original.slice(s.start, s.end))).toEqual(['14', '15', '16']);
  });

  it('turns full-width punctuation into ASCII one character for one', () => {
    const clean = cleanText('（一）加强领导：');
    expect(clean.text).toBe('(一)加强领导:');
    expect(clean.start[0]).toBe(0);
    expect(clean.end[clean.text.length - 1]).toBe(8);
  });

  it('keeps one space between ASCII words and marks line starts', () => {
    const clean = cleanText('5G NR 网络\n第二行');
    expect(clean.text).toBe('5G NR网络第二行');
    expect(clean.lineStart[clean.text.indexOf('第')]).toBe(1);
  });
});
