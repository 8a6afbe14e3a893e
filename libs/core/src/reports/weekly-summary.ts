import type { WeeklySnapshotData } from './report-types.js';

/** The weekly report in three lines, for the supervisors' inbox and the e-mail's text. */
export function weeklySummary(data: WeeklySnapshotData): string {
  const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
  return [
    `${data.period}（${data.periodStart} 至 ${data.periodEnd}）督办周报：`,
    `共 ${data.totals.tasks} 项任务，已办结 ${data.totals.byStatus.completed + data.totals.byStatus.closed} 项（完成率 ${percent(data.totals.completionRate)}），逾期 ${data.totals.overdue} 项，红灯 ${data.totals.byLight.red} 项、黄灯 ${data.totals.byLight.yellow} 项。`,
    `本周新办结 ${data.changes.newlyCompleted.total} 项，新增逾期 ${data.changes.newlyOverdue.total} 项，未报周报 ${data.changes.missingReports.total} 项，批准延期 ${data.changes.extensionsGranted.total} 项。`,
  ].join('\n');
}
