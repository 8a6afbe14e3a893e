import { DownloadOutlined, LeftOutlined, RedoOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Flex,
  Popconfirm,
  Result,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, download, errorMessage } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isOffice } from '../../lib/navigation';
import { useMe } from '../../lib/queries';
import { EscalationTag } from '../overdue/tags';
import { ledgerHref, percent, reportKeys, useTrend } from '../reports/queries';
import { closedPeriods, isPeriod, periodRange } from './period';
import type {
  CappedList,
  SnapshotAgencyRow,
  SnapshotDocumentRow,
  SnapshotExtension,
  SnapshotOverdueRow,
  SnapshotTask,
  WeeklySnapshot,
} from './types';
import { useBuildWeek } from './useBuildWeek';

const { Title, Paragraph, Text } = Typography;

function leads(task: SnapshotTask): string {
  return task.leadAgencies.join('、');
}

/** A list the snapshot names (capped at 200), with "另有 N 项" for the rest. */
function TaskList<T extends SnapshotTask>({
  title,
  list,
  extra = [],
}: {
  title: string;
  list: CappedList<T>;
  extra?: TableColumnsType<T>;
}) {
  const { t } = useI18n();
  const columns: TableColumnsType<T> = [
    {
      key: 'task',
      title: t('weekly.col.task'),
      render: (_, task) => (
        <div>
          <Link to={`/tasks/${task.taskId}`}>
            {task.number} {task.title}
          </Link>
          <div>
            <Text type="secondary" style={{ fontSize: 12 }}>
              {task.documentTitle}
            </Text>
          </div>
        </div>
      ),
    },
    {
      key: 'lead',
      title: t('overdue.col.lead'),
      width: 150,
      responsive: ['sm'],
      render: (_, task) => leads(task) || <Text type="secondary">{t('ledger.nobody')}</Text>,
    },
    ...extra,
  ];
  const more = list.total - list.items.length;
  return (
    <section style={{ marginBottom: 24 }}>
      <Title level={5} style={{ marginBottom: 8 }}>
        {title}
        <Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8 }}>
          {t('weekly.items', { n: list.total })}
        </Text>
      </Title>
      {list.total === 0 ? (
        <Text type="secondary">{t('weekly.none')}</Text>
      ) : (
        <>
          <Table<T>
            rowKey="taskId"
            size="small"
            tableLayout="fixed"
            columns={columns}
            dataSource={list.items}
            pagination={list.items.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
          />
          {more > 0 && (
            <Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
              {t('weekly.more', { n: more })}
            </Text>
          )}
        </>
      )}
    </section>
  );
}

function Figures({ data }: { data: WeeklySnapshot }) {
  const { t } = useI18n();
  const completed = data.totals.byStatus.completed + data.totals.byStatus.closed;
  const figures = [
    { key: 'tasks', title: t('weekly.col.tasks'), value: String(data.totals.tasks) },
    { key: 'completed', title: t('weekly.col.completed'), value: String(completed) },
    { key: 'rate', title: t('weekly.col.rate'), value: percent(data.totals.completionRate), color: '#389e0d' },
    { key: 'overdue', title: t('weekly.col.overdue'), value: String(data.totals.overdue), color: '#cf1322' },
    { key: 'red', title: t('light.red'), value: String(data.totals.byLight.red), color: '#cf1322' },
    { key: 'yellow', title: t('light.yellow'), value: String(data.totals.byLight.yellow), color: '#d48806' },
  ];
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {figures.map((figure) => (
        <Col key={figure.key} xs={8} md={4}>
          <Statistic title={figure.title} value={figure.value} styles={{ content: { color: figure.color } }} />
        </Col>
      ))}
    </Row>
  );
}

/** One week's report (GET /api/reports/weekly/:period), laid out as the printed 周报 reads. */
function Report({ data }: { data: WeeklySnapshot }) {
  const { t } = useI18n();
  const completed = data.totals.byStatus.completed + data.totals.byStatus.closed;

  const documentColumns: TableColumnsType<SnapshotDocumentRow> = [
    {
      key: 'title',
      title: t('weekly.col.document'),
      render: (_, row) => <Link to={ledgerHref({ documentId: row.documentId })}>{row.title}</Link>,
    },
    { key: 'tasks', title: t('weekly.col.tasks'), dataIndex: 'tasks', width: 72, align: 'right' },
    {
      key: 'inProgress',
      title: t('reports.group.inProgress'),
      dataIndex: 'inProgress',
      width: 80,
      align: 'right',
      responsive: ['md'],
    },
    { key: 'completed', title: t('weekly.col.completed'), dataIndex: 'completed', width: 80, align: 'right' },
    {
      key: 'rate',
      title: t('weekly.col.rate'),
      width: 80,
      align: 'right',
      render: (_, row) => percent(row.completionRate),
    },
    {
      key: 'overdue',
      title: t('weekly.col.overdue'),
      width: 72,
      align: 'right',
      render: (_, row) => <Text type={row.overdue > 0 ? 'danger' : undefined}>{row.overdue}</Text>,
    },
    {
      key: 'red',
      title: t('light.red'),
      width: 64,
      align: 'right',
      responsive: ['sm'],
      render: (_, row) => row.lights.red,
    },
    {
      key: 'yellow',
      title: t('light.yellow'),
      width: 64,
      align: 'right',
      responsive: ['sm'],
      render: (_, row) => row.lights.yellow,
    },
  ];

  const agencyColumns: TableColumnsType<SnapshotAgencyRow> = [
    {
      key: 'name',
      title: t('weekly.col.agency'),
      width: 160,
      fixed: 'left',
      render: (_, row) => <Link to={ledgerHref({ agencyId: row.agencyId })}>{row.name}</Link>,
    },
    {
      key: 'lead',
      title: t('reports.col.lead'),
      dataIndex: 'lead',
      width: 64,
      align: 'right',
      sorter: (a, b) => a.lead - b.lead,
    },
    { key: 'co', title: t('reports.col.co'), dataIndex: 'co', width: 64, align: 'right' },
    {
      key: 'completed',
      title: t('weekly.col.completed'),
      dataIndex: 'completed',
      width: 76,
      align: 'right',
      sorter: (a, b) => a.completed - b.completed,
    },
    {
      key: 'overdue',
      title: t('weekly.col.overdue'),
      width: 72,
      align: 'right',
      sorter: (a, b) => a.overdue - b.overdue,
      render: (_, row) => <Text type={row.overdue > 0 ? 'danger' : undefined}>{row.overdue}</Text>,
    },
    {
      key: 'reports',
      title: t('weekly.col.reportsOnTime'),
      width: 100,
      align: 'right',
      render: (_, row) => `${row.reportsOnTime} / ${row.reportsDue}`,
    },
    {
      key: 'punctuality',
      title: t('reports.col.punctuality'),
      width: 84,
      align: 'right',
      sorter: (a, b) => (a.punctuality ?? 2) - (b.punctuality ?? 2),
      render: (_, row) => percent(row.punctuality),
    },
    {
      key: 'days',
      title: t('reports.col.averageDays'),
      width: 100,
      align: 'right',
      sorter: (a, b) => a.averageDaysOverdue - b.averageDaysOverdue,
      render: (_, row) => (row.averageDaysOverdue > 0 ? t('ledger.days', { n: row.averageDaysOverdue }) : '—'),
    },
  ];

  const days = (n: number) => <Text type="danger">{t('ledger.days', { n })}</Text>;

  return (
    <>
      <section style={{ marginBottom: 24 }}>
        <Title level={5}>{t('weekly.section.summary')}</Title>
        <Paragraph style={{ fontSize: 15, lineHeight: 1.9 }}>
          {t('weekly.summary.totals', {
            end: data.periodEnd,
            tasks: data.totals.tasks,
            completed,
            rate: percent(data.totals.completionRate),
            overdue: data.totals.overdue,
            red: data.totals.byLight.red,
            yellow: data.totals.byLight.yellow,
          })}
          {t('weekly.summary.changes', {
            completed: data.changes.newlyCompleted.total,
            overdue: data.changes.newlyOverdue.total,
            missing: data.changes.missingReports.total,
            extensions: data.changes.extensionsGranted.total,
          })}
        </Paragraph>
        <Figures data={data} />
      </section>

      <Title level={4}>{t('weekly.section.changes')}</Title>
      <TaskList title={t('weekly.change.completed')} list={data.changes.newlyCompleted} />
      <TaskList<SnapshotTask>
        title={t('weekly.change.overdue')}
        list={data.changes.newlyOverdue}
        extra={[
          { key: 'deadline', title: t('overdue.col.deadline'), width: 104, render: (_, task) => task.deadline ?? '—' },
        ]}
      />
      <TaskList title={t('weekly.change.missing')} list={data.changes.missingReports} />
      <TaskList<SnapshotExtension>
        title={t('weekly.change.extensions')}
        list={data.changes.extensionsGranted}
        extra={[
          {
            key: 'moved',
            title: t('weekly.col.extension'),
            width: 190,
            render: (_, task) => t('ext.fromTo', { from: task.from ?? t('ledger.noDeadline'), to: task.to }),
          },
        ]}
      />

      <Title level={4}>{t('weekly.section.documents')}</Title>
      <Table<SnapshotDocumentRow>
        rowKey="documentId"
        size="small"
        tableLayout="fixed"
        columns={documentColumns}
        dataSource={data.documents}
        pagination={data.documents.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
        style={{ marginBottom: 24 }}
      />

      <Title level={4}>{t('weekly.section.agencies')}</Title>
      <Table<SnapshotAgencyRow>
        rowKey="agencyId"
        size="small"
        tableLayout="fixed"
        columns={agencyColumns}
        dataSource={data.agencies}
        scroll={{ x: 720 }}
        pagination={data.agencies.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
        style={{ marginBottom: 24 }}
      />

      <Title level={4}>{t('weekly.section.overdue')}</Title>
      <TaskList<SnapshotOverdueRow>
        title={t('weekly.change.overdueAll')}
        list={data.overdue}
        extra={[
          { key: 'deadline', title: t('overdue.col.deadline'), width: 104, render: (_, task) => task.deadline ?? '—' },
          {
            key: 'days',
            title: t('overdue.col.days'),
            width: 76,
            align: 'right',
            render: (_, task) => days(task.daysOverdue),
          },
          {
            key: 'level',
            title: t('overdue.col.level'),
            width: 80,
            responsive: ['md'],
            render: (_, task) => <EscalationTag level={task.escalationLevel} />,
          },
        ]}
      />
    </>
  );
}

/** 周报 of one week: the summary, what changed, per document and per agency, the overdue list; .docx and rebuild. */
export function WeekPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { period = '' } = useParams();
  const office = isOffice(useMe().data?.role);
  const valid = isPeriod(period);
  const week = useQuery({
    queryKey: reportKeys.week(period),
    queryFn: ({ signal }) => api<WeeklySnapshot>(`/api/reports/weekly/${encodeURIComponent(period)}`, { signal }),
    enabled: valid,
  });
  const trend = useTrend(52);
  const build = useBuildWeek();
  const [downloading, setDownloading] = useState(false);
  const range = periodRange(period);
  const buildable = valid && period <= (closedPeriods(1)[0] ?? '');

  // The neighbouring stored weeks (the trend is newest first).
  const stored = trend.data ?? [];
  const index = stored.findIndex((point) => point.period === period);
  const newer = index > 0 ? stored[index - 1].period : undefined;
  const older = index >= 0 ? stored[index + 1]?.period : undefined;

  const exportDocx = async () => {
    setDownloading(true);
    try {
      await download(`/api/reports/weekly/${encodeURIComponent(period)}/export.docx`, {}, `weekly-${period}.docx`);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setDownloading(false);
    }
  };

  const breadcrumb = (
    <Breadcrumb
      style={{ marginBottom: 16 }}
      items={[{ title: <Link to="/weekly">{t('nav.weekly')}</Link> }, { title: period }]}
    />
  );

  const missing = !valid || (week.error instanceof ApiError && week.error.status === 404);
  if (missing) {
    return (
      <>
        {breadcrumb}
        <Card>
          <Result
            status="404"
            title={valid ? t('weekly.notBuilt', { period }) : t('weekly.invalidPeriod')}
            subTitle={valid && range ? t('weekly.range', { start: range.start, end: range.end }) : undefined}
            extra={
              <Space wrap style={{ justifyContent: 'center' }}>
                <Link to="/weekly">
                  <Button>{t('weekly.backToList')}</Button>
                </Link>
                {office && buildable && (
                  <Button type="primary" loading={build.isPending} onClick={() => build.mutate(period)}>
                    {t('weekly.build')}
                  </Button>
                )}
              </Space>
            }
          />
          {build.isError && <Alert type="error" showIcon title={errorMessage(build.error)} />}
        </Card>
      </>
    );
  }

  return (
    <>
      {breadcrumb}
      <Card>
        <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 16 }}>
          <div>
            <Title level={3} style={{ margin: 0 }}>
              {t('weekly.reportTitle', { period })}
            </Title>
            <Text type="secondary">
              {range && t('weekly.range', { start: range.start, end: range.end })}
              {week.data && ` · ${t('weekly.builtAt', { time: formatDateTime(week.data.builtAt) })}`}
            </Text>
          </div>
          <Space wrap>
            {older && (
              <Link to={`/weekly/${older}`}>
                <Button icon={<LeftOutlined />}>{t('weekly.older')}</Button>
              </Link>
            )}
            {newer && (
              <Link to={`/weekly/${newer}`}>
                <Button icon={<RightOutlined />} iconPlacement="end">
                  {t('weekly.newer')}
                </Button>
              </Link>
            )}
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              loading={downloading}
              disabled={!week.data}
              onClick={() => void exportDocx()}
            >
              {t('weekly.download')}
            </Button>
            {office && (
              <Popconfirm
                title={t('weekly.rebuildConfirm', { period })}
                description={t('weekly.rebuildHint')}
                okText={t('weekly.rebuild')}
                cancelText={t('common.cancel')}
                onConfirm={() => build.mutateAsync(period).catch(() => undefined)}
              >
                <Button icon={<RedoOutlined />} loading={build.isPending}>
                  {t('weekly.rebuild')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        </Flex>
        {build.isError && (
          <Alert type="error" showIcon title={errorMessage(build.error)} style={{ marginBottom: 16 }} />
        )}
        {week.isError && week.data && (
          <Alert type="error" showIcon title={errorMessage(week.error)} style={{ marginBottom: 16 }} />
        )}
        {week.isError && !week.data ? (
          <ErrorState error={week.error} onRetry={() => void week.refetch()} />
        ) : week.data ? (
          <Report data={week.data} />
        ) : (
          <Skeleton active paragraph={{ rows: 12 }} />
        )}
      </Card>
    </>
  );
}

export { WeekPage as Component };
