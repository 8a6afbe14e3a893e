import type { TableRow } from './types.js';

export type ColumnRole = 'number' | 'title' | 'content' | 'lead' | 'co' | 'deadline' | 'other';

/** Recognises the columns of a task table by their header text. */
export function columnRole(header: string): ColumnRole {
  const h = header.replace(/\s+/g, '');
  if (/^(序号|编号|序列|No\.?)$/i.test(h)) return 'number';
  if (/配合|协办|参与|协同/.test(h)) return 'co';
  if (/牵头|责任|主责|指导部门|负责|承办/.test(h)) return 'lead';
  if (/时限|时间|期限|完成日期|截止/.test(h)) return 'deadline';
  if (/内容|具体|措施内容|工作要求|主要/.test(h)) return 'content';
  if (/任务|举措|事项|名称|措施|项目|工作/.test(h)) return 'title';
  return 'other';
}

export interface TableLayout {
  roles: ColumnRole[];
}

/** A header row names a number or task column and an owner or deadline column. */
export function readHeader(cells: string[]): TableLayout | null {
  const roles = cells.map(columnRole);
  const hasItem = roles.includes('number') || roles.includes('title');
  const hasDetail = roles.includes('lead') || roles.includes('deadline') || roles.includes('co');
  return hasItem && hasDetail ? { roles } : null;
}

export interface TableTaskRow {
  number: string;
  title: string;
  content: string;
  lead: string;
  co: string;
  deadline: string;
}

export function readRow(row: TableRow, layout: TableLayout): TableTaskRow | null {
  const pick = (role: ColumnRole): string =>
    row.cells
      .filter((_, i) => layout.roles[i] === role)
      .map((c) => c.trim())
      .filter(Boolean)
      .join('、');
  const number = pick('number');
  const title = pick('title') || pick('content');
  if (!title) return null;
  if (layout.roles.includes('number') && !/^\d{1,4}$/.test(number)) return null;
  return { number, title, content: pick('content'), lead: pick('lead'), co: pick('co'), deadline: pick('deadline') };
}
