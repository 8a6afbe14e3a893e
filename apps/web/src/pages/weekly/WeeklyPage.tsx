import { ArrowDownOutlined, ArrowUpOutlined, BuildOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isOffice } from '../../lib/navigation';
import { useMe } from '../../lib/queries';
import { percent, useTrend } from '../reports/queries';
import type { TrendPoint } from '../reports/types';
import { closedPeriods, periodRange } from './period';
import { useBuildWeek } from './useBuildWeek';

const WEEKS = 52;

interface Row extends TrendPoint {
  previous?: TrendPoint;
}

/** The change since the week before, coloured by whether it is good news. */
function Change({ delta, goodWhenUp, format }: { delta: number; goodWhenUp: boolean; format: (n: number) => string }) {
  if (Math.abs(delta) < 1e-9) return null;
  const good = delta > 0 === goodWhenUp;
  return (
    <Typography.Text type={good ? 'success' : 'danger'} style={{ fontSize: 12, marginInlineStart: 6 }}>
      {delta > 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {format(Math.abs(delta))}
    </Typography.Text>
  );
}

/** Office only: build the report of a week that has ended (the worker does it each Monday). */
function BuildWeek({ stored }: { stored: Set<string> }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const options = useMemo(
    () =>
      closedPeriods(12).map((period) => {
        const range = periodRange(period);
        return {
          value: period,
          label: `${period}（${range?.start ?? ''} – ${range?.end ?? ''}）${stored.has(period) ? ` · ${t('weekly.stored')}` : ''}`,
        };
      }),
    [stored, t],
  );
  const [period, setPeriod] = useState(options[0]?.value);
  const build = useBuildWeek((snapshot) => navigate(`/weekly/${snapshot.period}`));
  return (
    <Flex vertical gap={8}>
      <Space wrap>
        <Select
          value={period}
          onChange={setPeriod}
          options={options}
          style={{ width: 360, maxWidth: '100%' }}
          aria-label={t('weekly.buildWeek')}
        />
        <Button
          icon={<BuildOutlined />}
          loading={build.isPending}
          disabled={!period}
          onClick={() => period && build.mutate(period)}
        >
          {period && stored.has(period) ? t('weekly.rebuild') : t('weekly.build')}
        </Button>
      </Space>
      {build.isError && <Alert type="error" showIcon title={errorMessage(build.error)} />}
    </Flex>
  );
}

/** 周报: the stored weeks, newest first, with their figures and the change since the week before. */
export function WeeklyPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const office = isOffice(useMe().data?.role);
  const trend = useTrend(WEEKS);
  const rows = useMemo<Row[]>(
    () => (trend.data ?? []).map((point, index, all) => ({ ...point, previous: all[index + 1] })),
    [trend.data],
  );
  const stored = useMemo(() => new Set(rows.map((row) => row.period)), [rows]);

  const count = (n: number) => String(n);
  const points = (n: number) => t('weekly.points', { n: Math.round(n * 1000) / 10 });
  const withChange = (value: ReactNode, delta: number | undefined, goodWhenUp: boolean, format = count) => (
    <span style={{ whiteSpace: 'nowrap' }}>
      {value}
      {delta !== undefined && <Change delta={delta} goodWhenUp={goodWhenUp} format={format} />}
    </span>
  );

  const columns: TableColumnsType<Row> = [
    {
      key: 'period',
      title: t('weekly.col.period'),
      width: 190,
      render: (_, row) => {
        const range = periodRange(row.period);
        return (
          <div>
            <Link to={`/weekly/${row.period}`} onClick={(event) => event.stopPropagation()}>
              {row.period}
            </Link>
            {range && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('weekly.range', { start: range.start, end: range.end })}
                </Typography.Text>
              </div>
            )}
          </div>
        );
      },
    },
    { key: 'tasks', title: t('weekly.col.tasks'), dataIndex: 'tasks', width: 80, align: 'right', responsive: ['sm'] },
    {
      key: 'completed',
      title: t('weekly.col.completed'),
      width: 110,
      align: 'right',
      render: (_, row) => withChange(row.completed, row.previous && row.completed - row.previous.completed, true),
    },
    {
      key: 'rate',
      title: t('weekly.col.rate'),
      width: 140,
      align: 'right',
      render: (_, row) =>
        withChange(
          percent(row.completionRate),
          row.previous && row.completionRate - row.previous.completionRate,
          true,
          points,
        ),
    },
    {
      key: 'overdue',
      title: t('weekly.col.overdue'),
      width: 110,
      align: 'right',
      render: (_, row) =>
        withChange(
          <Typography.Text type={row.overdue > 0 ? 'danger' : undefined}>{row.overdue}</Typography.Text>,
          row.previous && row.overdue - row.previous.overdue,
          false,
        ),
    },
    {
      key: 'red',
      title: t('light.red'),
      width: 90,
      align: 'right',
      responsive: ['md'],
      render: (_, row) => withChange(row.red, row.previous && row.red - row.previous.red, false),
    },
    {
      key: 'yellow',
      title: t('light.yellow'),
      width: 90,
      align: 'right',
      responsive: ['md'],
      render: (_, row) => withChange(row.yellow, row.previous && row.yellow - row.previous.yellow, false),
    },
    {
      key: 'built',
      title: t('weekly.col.built'),
      width: 150,
      responsive: ['lg'],
      render: (_, row) => formatDateTime(row.builtAt),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('weekly.title')}
        extra={
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('common.refresh')}
              onClick={() => void trend.refetch()}
              loading={trend.isFetching && !trend.isPending}
            />
          </Tooltip>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('weekly.intro')}
        </Typography.Paragraph>
        {trend.isError && !trend.data ? (
          <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />
        ) : (
          <Table<Row>
            rowKey="period"
            size="middle"
            tableLayout="fixed"
            columns={columns}
            dataSource={rows}
            loading={trend.isPending}
            scroll={{ x: phone ? 480 : undefined }}
            pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('weekly.empty')} /> }}
            onRow={(row) => ({ onClick: () => navigate(`/weekly/${row.period}`), style: { cursor: 'pointer' } })}
          />
        )}
      </Card>
      {office && (
        <Card title={t('weekly.buildTitle')} size="small">
          <Typography.Paragraph type="secondary">{t('weekly.buildHint')}</Typography.Paragraph>
          <BuildWeek stored={stored} />
        </Card>
      )}
    </Flex>
  );
}

export { WeeklyPage as Component };
