import { describe, it, expect } from '@jest/globals';
import { applyFirstIsLead, parseResponsibility, statesFirstIsLead } from './annotations.js';
import { splitAgencyList } from './agencies.js';

describe('parseResponsibility', () => {
  it('reads lead and co-operating units with their labels', () => {
    expect(parseResponsibility('市级牵头单位:市财政局、市税务局;市级协办单位:市科委')).toMatchObject({
      lead: ['市财政局', '市税务局'],
      co: ['市科委'],
    });
    expect(parseResponsibility('责任部门:市卫生健康委,配合部门:市药监局、北京海关')).toMatchObject({
      lead: ['市卫生健康委'],
      co: ['市药监局', '北京海关'],
    });
  });

  it('puts an undivided list in lead', () => {
    expect(parseResponsibility('责任单位:市经济和信息化局、市科委,海淀区、丰台区政府')).toMatchObject({
      lead: ['市经济和信息化局', '市科委', '海淀区政府', '丰台区政府'],
      co: [],
      undivided: true,
    });
  });

  it('reads national forms', () => {
    expect(parseResponsibility('生态环境部牵头,国家发展改革委、工业和信息化部参与')).toMatchObject({
      lead: ['生态环境部'],
      co: ['国家发展改革委', '工业和信息化部'],
    });
    expect(parseResponsibility('国家发展改革委会同有关部门负责')).toMatchObject({
      lead: ['国家发展改革委'],
      co: ['有关部门'],
    });
    expect(parseResponsibility('人力资源社会保障部、财政部等按职责分工负责')).toMatchObject({
      lead: ['人力资源社会保障部', '财政部'],
    });
    const withRule = parseResponsibility('税务总局、财政部、海关总署负责,排在第一位的部门为牵头部门,下同');
    expect(withRule?.lead).toEqual(['税务总局', '财政部', '海关总署']);
  });

  it('ignores parentheses that are not annotations', () => {
    expect(parseResponsibility('以下简称“两区”')).toBeNull();
    expect(parseResponsibility('含港澳台')).toBeNull();
  });

  it('applies the first-is-lead rule only to undivided lists', () => {
    const o = parseResponsibility('海关总署、财政部、税务总局负责');
    expect(o && applyFirstIsLead(o)).toMatchObject({ lead: ['海关总署'], co: ['财政部', '税务总局'] });
    const divided = parseResponsibility('牵头单位:A局;协办单位:B局');
    expect(divided && applyFirstIsLead(divided)).toMatchObject({ lead: ['A局'], co: ['B局'] });
    expect(statesFirstIsLead('(A、B负责,排在第一位的部门为牵头部门,下同)')).toBe(true);
    expect(statesFirstIsLead('(A、B负责。列第一位者为牵头单位,下同)')).toBe(true);
    expect(statesFirstIsLead('各部门要加强协作。')).toBe(false);
  });
});

describe('splitAgencyList', () => {
  it('expands compressed district lists and keeps collective phrases whole', () => {
    expect(splitAgencyList('西城、丰台等各有关区政府')).toEqual(['西城区政府', '丰台区政府', '各有关区政府']);
    expect(splitAgencyList('海淀区、丰台区政府,北京经济技术开发区管委会')).toEqual([
      '海淀区政府',
      '丰台区政府',
      '北京经济技术开发区管委会',
    ]);
    expect(splitAgencyList('市财政局、市科委、市财政局')).toEqual(['市财政局', '市科委']);
  });
});

describe('guiding agencies (指导)', () => {
  it('treats agencies that guide as lead when no agency 牵头', () => {
    expect(parseResponsibility('生态环境部、交通运输部指导')).toMatchObject({
      lead: ['生态环境部', '交通运输部'],
      co: [],
    });
    expect(parseResponsibility('商务部指导，供销合作总社参与')).toMatchObject({
      lead: ['商务部'],
      co: ['供销合作总社'],
    });
    expect(parseResponsibility('生态环境部指导，试点城市政府负责落实')).toMatchObject({
      lead: ['生态环境部'],
      co: ['试点城市政府'],
    });
  });

  it('puts guiding agencies among the co-operating ones when another agency 牵头', () => {
    expect(parseResponsibility('工业和信息化部牵头，科技部指导，财政部参与')).toMatchObject({
      lead: ['工业和信息化部'],
      co: ['科技部', '财政部'],
    });
  });

  it('reads the owners when the same parentheses also give the timing', () => {
    expect(parseResponsibility('海关总署、财政部负责，2019年底前完成')).toMatchObject({
      lead: ['海关总署', '财政部'],
      co: [],
    });
    expect(parseResponsibility('商务部牵头，海关总署参与，持续推进')).toMatchObject({
      lead: ['商务部'],
      co: ['海关总署'],
    });
    expect(parseResponsibility('2019年底前完成')).toBeNull();
  });
});
