// The dashboard's charts. Every bar and point leads to the tasks (or the week) behind it.
import { useCallback, useMemo } from 'react';
import { useNavigate } from 'react-router';
import { Chart, type ChartClick, type ChartOption } from '../../components/Chart';
import { useI18n } from '../../i18n';
import type { Light } from '../../lib/types';
import {
  GROUP_COLORS,
  GROUP_STATUSES,
  LIGHT_COLORS,
  LIGHTS_WORST_FIRST,
  ledgerHref,
  lightDrill,
  OPEN_DRILL,
  STATUS_GROUPS,
  type StatusGroup,
} from '../reports/queries';
import type { AgencyRollup, DocumentRollup, TrendPoint } from '../reports/types';

const RED = '#f5222d';
const BLUE = '#1677ff';
const GREEN = '#52c41a';

/** Rows a bar chart shows at once; more scroll (data zoom). */
const VISIBLE_ROWS = 20;
const ROW_HEIGHT = 28;

export function barChartHeight(rows: number): number {
  return Math.max(160, Math.min(rows, VISIBLE_ROWS) * ROW_HEIGHT + 72);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

interface TooltipItem {
  dataIndex: number;
  marker?: unknown;
  seriesName?: string;
  value?: unknown;
}

/** An axis tooltip headed by the row's full name (the axis shows it shortened). */
function rowTooltip(colon: string, name: (index: number) => string, total?: (index: number) => string) {
  return (params: unknown) => {
    const items = (Array.isArray(params) ? params : [params]) as TooltipItem[];
    const index = items[0]?.dataIndex ?? 0;
    const lines = items
      .filter((item) => Number(item.value) > 0)
      .map(
        (item) =>
          `${typeof item.marker === 'string' ? item.marker : ''}${escapeHtml(item.seriesName ?? '')}${colon}${String(item.value)}`,
      );
    const head = `<b>${escapeHtml(name(index))}</b>${total ? ` · ${escapeHtml(total(index))}` : ''}`;
    return [head, ...lines].join('<br/>');
  };
}

/** A horizontal stacked bar chart's frame: rows top to bottom, scrolling past 20 rows. */
function stackedRows(labels: string[], phone: boolean): ChartOption {
  const scroll = labels.length > VISIBLE_ROWS;
  return {
    grid: { left: 8, right: scroll ? 40 : 16, top: 36, bottom: 8 },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels.map((_, index) => String(index)),
      axisLabel: {
        width: phone ? 96 : 180,
        overflow: 'truncate',
        formatter: (value: string) => labels[Number(value)] ?? '',
      },
      axisTick: { show: false },
    },
    // A slider only: an "inside" zoom would take the wheel and, on a phone, the finger that scrolls the page.
    dataZoom: scroll
      ? [
          {
            type: 'slider',
            yAxisIndex: 0,
            startValue: 0,
            endValue: VISIBLE_ROWS - 1,
            width: 16,
            right: 8,
            showDetail: false,
            brushSelect: false,
          },
        ]
      : [],
  };
}

/** Completion rate and overdue count by week (oldest on the left); a point opens that week's report. */
export function TrendChart({ points }: { points: TrendPoint[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const weeks = useMemo(() => [...points].reverse(), [points]);
  // Few weeks: the values are written by the points.
  const labels = weeks.length <= 8;
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 56, bottom: 8 },
      legend: { top: 0, left: 0 },
      tooltip: { trigger: 'axis', confine: true },
      xAxis: { type: 'category', data: weeks.map((week) => week.period), boundaryGap: weeks.length < 2 },
      yAxis: [
        { type: 'value', name: t('dash.trend.rateAxis'), min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', name: t('dash.trend.overdueAxis'), minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          id: 'rate',
          type: 'line',
          name: t('dash.trend.rate'),
          data: weeks.map((week) => Math.round(week.completionRate * 1000) / 10),
          yAxisIndex: 0,
          symbolSize: 8,
          itemStyle: { color: GREEN },
          label: { show: labels, position: 'top', formatter: '{c}%' },
          tooltip: { valueFormatter: (value) => `${String(value)}%` },
        },
        {
          id: 'overdue',
          type: 'line',
          name: t('dash.trend.overdue'),
          data: weeks.map((week) => week.overdue),
          yAxisIndex: 1,
          symbolSize: 8,
          itemStyle: { color: RED },
          label: { show: labels, position: 'bottom' },
        },
      ],
    }),
    [weeks, labels, t],
  );
  const onClick = useCallback(
    (event: ChartClick) => {
      const week = weeks[event.dataIndex];
      if (week) navigate(`/weekly/${week.period}`);
    },
    [weeks, navigate],
  );
  return <Chart option={option} height={280} label={t('dash.trend.title')} onClick={onClick} />;
}

export type DocumentMode = 'status' | 'light';

/** Tasks per document, stacked by status group or by light; a segment opens those tasks in the ledger. */
export function DocumentsChart({
  documents,
  mode,
  phone,
}: {
  documents: DocumentRollup[];
  mode: DocumentMode;
  phone: boolean;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const option = useMemo<ChartOption>(() => {
    const labels = documents.map((document) => document.title);
    const series =
      mode === 'status'
        ? STATUS_GROUPS.map((group) => ({
            id: `status:${group}`,
            type: 'bar' as const,
            stack: 'tasks',
            name: t(`reports.group.${group}`),
            itemStyle: { color: GROUP_COLORS[group] },
            barMaxWidth: 22,
            data: documents.map((document) => document[group]),
          }))
        : LIGHTS_WORST_FIRST.map((light) => ({
            id: `light:${light}`,
            type: 'bar' as const,
            stack: 'tasks',
            name: t(`light.${light}`),
            itemStyle: { color: LIGHT_COLORS[light] },
            barMaxWidth: 22,
            data: documents.map((document) => document.lights[light]),
          }));
    return {
      ...stackedRows(labels, phone),
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: rowTooltip(
          t('common.colon'),
          (index) => labels[index] ?? '',
          (index) => t('dash.tasksCount', { n: documents[index]?.tasks ?? 0 }),
        ),
      },
      series,
    };
  }, [documents, mode, phone, t]);
  const onClick = useCallback(
    (event: ChartClick) => {
      const document = documents[event.dataIndex];
      const [kind, value] = String(event.seriesId ?? '').split(':');
      if (!document || !value) return;
      const drill = kind === 'status' ? { status: GROUP_STATUSES[value as StatusGroup] } : lightDrill(value as Light);
      navigate(ledgerHref({ documentId: document.documentId, ...drill }));
    },
    [documents, navigate],
  );
  return (
    <Chart
      option={option}
      height={barChartHeight(documents.length)}
      label={t('dash.documents.title')}
      onClick={onClick}
    />
  );
}

/** The agencies the chart shows: most overdue first (then most open), the top 20 unless all are asked for. */
export function rankAgencies(agencies: AgencyRollup[], all: boolean): AgencyRollup[] {
  const ranked = agencies
    .filter((agency) => agency.lead > 0)
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name, 'zh-CN'));
  return all ? ranked : ranked.slice(0, VISIBLE_ROWS);
}

/** Lead tasks per agency: overdue, open on time, completed; a segment opens that agency's tasks. */
export function AgenciesChart({ agencies, phone }: { agencies: AgencyRollup[]; phone: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const option = useMemo<ChartOption>(() => {
    const labels = agencies.map((agency) => agency.name);
    const bar = (id: string, name: string, color: string, data: number[]) => ({
      id,
      type: 'bar' as const,
      stack: 'lead',
      name,
      itemStyle: { color },
      barMaxWidth: 22,
      data,
    });
    return {
      ...stackedRows(labels, phone),
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: rowTooltip(
          t('common.colon'),
          (index) => labels[index] ?? '',
          (index) => t('dash.agencies.leadCount', { n: agencies[index]?.lead ?? 0 }),
        ),
      },
      series: [
        bar(
          'overdue',
          t('dash.agencies.overdue'),
          RED,
          agencies.map((agency) => agency.overdue),
        ),
        bar(
          'onTime',
          t('dash.agencies.onTime'),
          BLUE,
          agencies.map((agency) => agency.open - agency.overdue),
        ),
        bar(
          'completed',
          t('dash.agencies.completed'),
          GREEN,
          agencies.map((agency) => agency.completed),
        ),
      ],
    };
  }, [agencies, phone, t]);
  const onClick = useCallback(
    (event: ChartClick) => {
      const agency = agencies[event.dataIndex];
      if (!agency) return;
      const drill =
        event.seriesId === 'overdue'
          ? { overdue: true }
          : event.seriesId === 'onTime'
            ? OPEN_DRILL
            : { status: GROUP_STATUSES.completed };
      navigate(ledgerHref({ agencyId: agency.agencyId, ...drill }));
    },
    [agencies, navigate],
  );
  return (
    <Chart
      option={option}
      height={barChartHeight(agencies.length)}
      label={t('dash.agencies.title')}
      onClick={onClick}
    />
  );
}
