import { describe, it, expect } from '@jest/globals';
import { findInlineDeadlines, parseDeadlineValue } from './deadline.js';

describe('parseDeadlineValue', () => {
  it.each([
    ['2020 年 12 月底', '2020-12-31'],
    ['2021年6月底前', '2021-06-30'],
    ['2022年底前', '2022-12-31'],
    ['2021年一季度', '2021-03-31'],
    ['2021年第四季度', '2021-12-31'],
    ['2024年2月', '2024-02-29'],
    ['2021年上半年', '2021-06-30'],
    ['2019年3月15日', '2019-03-15'],
  ])('%s → %s', (raw, date) => {
    expect(parseDeadlineValue(raw)?.date).toBe(date);
  });

  it('reads 持续推进 and 长期坚持 as ongoing without a date', () => {
    expect(parseDeadlineValue('持续推进')).toMatchObject({ date: null, ongoing: true });
    expect(parseDeadlineValue('长期坚持')).toMatchObject({ date: null, ongoing: true });
  });

  it('returns null for text without a period', () => {
    expect(parseDeadlineValue('尽快')).toBeNull();
  });
});

describe('findInlineDeadlines', () => {
  it('finds deadlines written inside sentences', () => {
    const found = findInlineDeadlines('2019年底前,建立制度。到2020年,基本形成体系。2021年6月底前完成评估。');
    expect(found.map((d) => d.date)).toEqual(['2019-12-31', '2020-12-31', '2021-06-30']);
  });

  it('ignores expiry dates and dates without a deadline cue', () => {
    expect(findInlineDeadlines('本措施自2021年3月1日起施行,有效期至2023年12月31日。')).toEqual([]);
    expect(findInlineDeadlines('2018年11月,总书记主持召开座谈会。')).toEqual([]);
  });
});
