import type { EscalationLevel } from '../../reminders/reminder-policy.js';
import type { TaskStatus } from '../../tasks/task-status.js';
import type { LedgerRow, Light } from '../report-types.js';

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  registered: '待交办',
  assigned: '已交办',
  acknowledged: '已签收',
  in_progress: '办理中',
  completion_requested: '申请办结',
  completed: '已办结',
  closed: '已销号',
  suspended: '已暂停',
  cancelled: '已撤销',
};

export const LIGHT_LABELS: Record<Light, string> = {
  none: '无',
  green: '绿灯',
  blue: '蓝灯',
  yellow: '黄灯',
  red: '红灯',
};

/** Keyed by the levels the reminder ladder stores (reminder-policy.ts). */
export const ESCALATION_LEVEL_LABELS: Record<EscalationLevel, string> = {
  remind: '提醒',
  chase: '催办',
  supervise: '督办',
  bulletin: '通报',
};

/** The label of a stored escalation level; an unknown value is shown as it is rather than dropped. */
export function escalationLevelLabel(level: string | null): string {
  if (level === null) return '';
  return Object.hasOwn(ESCALATION_LEVEL_LABELS, level) ? ESCALATION_LEVEL_LABELS[level as EscalationLevel] : level;
}

/** Columns of the ledger (台账), shared by the xlsx and csv exports so both read the same. */
export const LEDGER_HEADERS = [
  '序号',
  '文件',
  '章节',
  '编号',
  '任务',
  '牵头单位',
  '协办单位',
  '局内主责处室',
  '完成时限',
  '状态',
  '预警',
  '最新进展',
  '逾期天数',
] as const;

/** 全角空格, the separator of Chinese print; spelled as an escape because linters flag it in templates. */
export const IDEOGRAPHIC_SPACE = '\u3000';

export function joinAgencies(names: readonly string[]): string {
  return names.join('、');
}

/** `持续推进` for ongoing tasks, else the date; an extended deadline also shows the original one. */
export function formatDeadline(row: Pick<LedgerRow, 'deadline' | 'originalDeadline' | 'ongoing'>): string {
  const base = row.ongoing ? '持续推进' : (row.deadline ?? '');
  return row.originalDeadline ? `${base}（原 ${row.originalDeadline}）` : base;
}

/** One ledger row as cell values, in LEDGER_HEADERS order; not overdue leaves 逾期天数 blank. */
export function ledgerCells(row: LedgerRow, index: number): (string | number)[] {
  return [
    index,
    row.documentTitle,
    row.sectionPath,
    row.number,
    row.title,
    joinAgencies(row.leadAgencies),
    joinAgencies(row.coAgencies),
    row.internalDivision,
    formatDeadline(row),
    TASK_STATUS_LABELS[row.status],
    LIGHT_LABELS[row.light],
    row.latestProgress,
    row.daysOverdue > 0 ? row.daysOverdue : '',
  ];
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function formatShanghaiMinute(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** 0..1 as a percentage with at most one decimal: 0.6667 → `66.7%`, 0.5 → `50%`. */
export function formatPercent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
