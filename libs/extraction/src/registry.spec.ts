import { describe, it, expect } from '@jest/globals';
import { buildRegistry, resolveAgency, seedRegistry } from './registry.js';
import { REGISTRY_SEED } from './registry-data.js';

describe('agency registry', () => {
  it('resolves aliases to one canonical agency', () => {
    expect(resolveAgency('市人力社保局')).toBe('市人力资源社会保障局');
    expect(resolveAgency('市人力资源社会保障局')).toBe('市人力资源社会保障局');
    expect(resolveAgency('市金融局')).toBe(resolveAgency('市金融监管局'));
    expect(resolveAgency('市经济信息化局')).toBe('市经济和信息化局');
    expect(resolveAgency('北京市财政局')).toBe('市财政局');
    expect(resolveAgency('不存在的局')).toBeNull();
  });

  it('has unique short names and valid kinds', () => {
    const names = REGISTRY_SEED.map((a) => a.shortName);
    expect(new Set(names).size).toBe(names.length);
    for (const a of REGISTRY_SEED)
      expect(a.kind).toMatch(/^(municipal_bureau|district_government|central_unit|committee|enterprise|other)$/);
    expect(seedRegistry().agencies).toBe(REGISTRY_SEED);
  });

  it('accepts a custom registry', () => {
    const registry = buildRegistry([{ shortName: '甲局', fullName: '某市甲局', kind: 'other', aliases: ['甲'] }]);
    expect(resolveAgency('某市甲局', registry)).toBe('甲局');
    expect(resolveAgency('市财政局', registry)).toBeNull();
  });
});
