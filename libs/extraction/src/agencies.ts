/** Splitting printed agency lists into names, expanding compressed district lists. */

const ORG_SUFFIX =
  /(局|委|委员会|部|厅|办|办公室|政府|管委会|会|院|署|行|中心|集团|公司|处|室|所|站|队|团|社|馆|组|总局|分局|海关|法院|检察院|银行|监管局|监管会|单位|部门|机构|口岸)$/;

/** Collective phrases (`各有关区政府`, `有关部门`) are kept whole as one entry. */
export function isCollective(name: string): boolean {
  return /^(各|有关|相关|其他)/.test(name);
}

export function looksLikeAgency(name: string): boolean {
  if (name.length < 2 || name.length > 40) return false;
  if (
    /[。:;!?]|的|是|将|要|和有关/.test(
      name.replace(
        /^(市|区)?(文化和旅游|规划和自然资源|经济和信息化|发展和改革|人力资源和社会保障|住房和城乡建设)/,
        '',
      ),
    )
  )
    return false;
  return ORG_SUFFIX.test(name) || isCollective(name) || /区$|县$/.test(name);
}

/**
 * `市财政局、市科委,海淀区、丰台区政府,各有关区政府` → names, in printed order, duplicates removed.
 * District lists compressed with a shared suffix (`海淀区、丰台区政府`, `西城、丰台等各有关区政府`)
 * are expanded; collective phrases are kept whole.
 */
export function splitAgencyList(list: string): string[] {
  const parts: string[] = [];
  for (const raw of list.split(/[、，,；;\s]+/)) {
    let item = raw
      .replace(/^(和|及|以及)/, '')
      .replace(/[“”"'《》]/g, '')
      .trim();
    if (!item) continue;
    // `丰台等各有关区政府` → `丰台`, `各有关区政府`
    const etc = item.match(/^(.+?)等(各.+|有关.+|相关.+)$/);
    if (etc) {
      parts.push(etc[1]);
      item = etc[2];
    }
    item = item.replace(/等(有关|相关)?(部门|单位|部门和单位|单位和部门)?$/, '');
    if (item) parts.push(item);
  }
  // expand from the right: a district-level government suffix applies to bare names before it
  let sharedSuffix: string | null = null;
  const expanded = new Array<string>(parts.length);
  for (let i = parts.length - 1; i >= 0; i--) {
    const item = parts[i];
    const gov = item.match(/(区|县)(政府|人民政府)$/);
    if (gov) {
      sharedSuffix = gov[1] + gov[2];
      expanded[i] = item;
      continue;
    }
    if (sharedSuffix && /(区|县)$/.test(item) && !ORG_SUFFIX.test(item)) {
      expanded[i] = item + sharedSuffix.slice(1);
      continue;
    }
    if (sharedSuffix && item.length <= 4 && !ORG_SUFFIX.test(item) && !/(区|县|市)$/.test(item)) {
      expanded[i] = item + sharedSuffix;
      continue;
    }
    sharedSuffix = null;
    expanded[i] = item;
  }
  return [...new Set(expanded)];
}
