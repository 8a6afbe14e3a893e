import { ReloadOutlined } from '@ant-design/icons';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  Flex,
  Grid,
  Row,
  Segmented,
  Skeleton,
  Statistic,
  Switch,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { useI18n } from '../../i18n';
import { EscalationTag } from '../overdue/tags';
import { QueryBlock } from '../reports/QueryBlock';
import {
  GROUP_STATUSES,
  ledgerHref,
  percent,
  reportKeys,
  useAgencyRollups,
  useDocumentRollups,
  useLeague,
  useOverdueBoard,
  useSummary,
  useTrend,
} from '../reports/queries';
import type { LeagueRow, OverdueItem, TaskCounts } from '../reports/types';
import { AgenciesChart, DocumentsChart, type DocumentMode, rankAgencies, TrendChart } from './charts';

const PREVIEW_SIZE = 10;
const LEAGUE_SIZE = 10;

function Kpi({
  title,
  value,
  to,
  color,
  hint,
}: {
  title: string;
  value: ReactNode;
  to: string;
  color?: string;
  hint?: string;
}) {
  return (
    <Link to={to} style={{ display: 'block', height: '100%' }}>
      <Card hoverable size="small" style={{ height: '100%' }}>
        <Statistic title={title} value={value as string} styles={{ content: { color } }} />
        {hint && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {hint}
          </Typography.Text>
        )}
      </Card>
    </Link>
  );
}

/** The headline figures (GET /api/reports/summary); each card opens the tasks it counts. */
function KpiCards({ summary }: { summary: TaskCounts }) {
  const { t } = useI18n();
  const cards = [
    { key: 'tasks', title: t('dash.kpi.tasks'), value: summary.tasks, to: ledgerHref() },
    {
      key: 'rate',
      title: t('dash.kpi.completionRate'),
      value: percent(summary.completionRate),
      to: ledgerHref({ status: GROUP_STATUSES.completed }),
      color: '#389e0d',
      hint: t('dash.kpi.completed', { n: summary.completed }),
    },
    {
      key: 'overdue',
      title: t('dash.kpi.overdue'),
      value: summary.overdue,
      to: ledgerHref({ overdue: true }),
      color: summary.overdue > 0 ? '#cf1322' : undefined,
    },
    {
      key: 'red',
      title: t('dash.kpi.red'),
      value: summary.lights.red,
      to: ledgerHref({ light: ['red'] }),
      color: '#cf1322',
    },
    {
      key: 'yellow',
      title: t('dash.kpi.yellow'),
      value: summary.lights.yellow,
      to: ledgerHref({ light: ['yellow'] }),
      color: '#d48806',
    },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((card) => (
        <Col key={card.key} xs={12} md={8} xl={{ flex: '20%' }}>
          <Kpi {...card} />
        </Col>
      ))}
    </Row>
  );
}

/** The longest overdue tasks (GET /api/reports/overdue?pageSize=10); a row opens the task. */
function OverduePreview() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const board = useOverdueBoard(1, PREVIEW_SIZE);
  const columns: TableColumnsType<OverdueItem> = [
    {
      key: 'task',
      title: t('overdue.col.task'),
      render: (_, item) => (
        <Link to={`/tasks/${item.taskId}`} onClick={(event) => event.stopPropagation()}>
          <Typography.Text ellipsis={{ tooltip: item.title }} style={{ color: 'inherit', maxWidth: '100%' }}>
            {item.number} {item.title}
          </Typography.Text>
        </Link>
      ),
    },
    {
      key: 'lead',
      title: t('overdue.col.lead'),
      width: 120,
      responsive: ['md'],
      render: (_, item) => (
        <Typography.Text ellipsis={{ tooltip: item.leadAgencies.join('、') }}>
          {item.leadAgencies.join('、') || t('ledger.nobody')}
        </Typography.Text>
      ),
    },
    {
      key: 'days',
      title: t('overdue.col.days'),
      width: 76,
      align: 'right',
      render: (_, item) => <Typography.Text type="danger">{t('ledger.days', { n: item.daysOverdue })}</Typography.Text>,
    },
    {
      key: 'level',
      title: t('overdue.col.level'),
      width: 72,
      render: (_, item) => <EscalationTag level={item.escalationLevel} />,
    },
  ];
  return (
    <Card
      title={t('dash.overdue.title')}
      extra={
        <Link to="/overdue">{board.data ? t('dash.overdue.all', { n: board.data.total }) : t('dash.viewAll')}</Link>
      }
      style={{ height: '100%' }}
    >
      <QueryBlock query={board} rows={6} isEmpty={(data) => data.items.length === 0} empty={t('overdue.empty')}>
        {(data) => (
          <Table<OverdueItem>
            rowKey="taskId"
            size="small"
            tableLayout="fixed"
            columns={columns}
            dataSource={data.items}
            pagination={false}
            onRow={(item) => ({ onClick: () => navigate(`/tasks/${item.taskId}`), style: { cursor: 'pointer' } })}
          />
        )}
      </QueryBlock>
    </Card>
  );
}

/** The best ten agencies (GET /api/reports/league); a row opens the agency's tasks. */
function LeaguePreview() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const league = useLeague();
  const columns: TableColumnsType<LeagueRow> = [
    { key: 'rank', title: t('dash.league.rank'), dataIndex: 'rank', width: 52, align: 'center' },
    {
      key: 'name',
      title: t('dash.league.agency'),
      render: (_, row) => (
        <Link to={ledgerHref({ agencyId: row.agencyId })} onClick={(event) => event.stopPropagation()}>
          {row.name}
        </Link>
      ),
    },
    {
      key: 'overdue',
      title: t('dash.league.overdueOfLead'),
      width: 92,
      align: 'right',
      render: (_, row) => (
        <Typography.Text type={row.overdue > 0 ? 'danger' : undefined}>
          {row.overdue} / {row.lead}
        </Typography.Text>
      ),
    },
    {
      key: 'rate',
      title: t('dash.league.completionRate'),
      width: 80,
      align: 'right',
      render: (_, row) => percent(row.completionRate),
    },
    {
      key: 'punctuality',
      title: t('dash.league.punctuality'),
      width: 80,
      align: 'right',
      responsive: ['sm'],
      render: (_, row) => percent(row.punctuality),
    },
  ];
  return (
    <Card
      title={t('dash.league.title')}
      extra={<Link to="/reports">{t('dash.viewAll')}</Link>}
      style={{ height: '100%' }}
    >
      <QueryBlock query={league} rows={6} isEmpty={(data) => data.length === 0} empty={t('dash.league.empty')}>
        {(data) => (
          <Table<LeagueRow>
            rowKey="agencyId"
            size="small"
            tableLayout="fixed"
            columns={columns}
            dataSource={data.slice(0, LEAGUE_SIZE)}
            pagination={false}
            onRow={(row) => ({
              onClick: () => navigate(ledgerHref({ agencyId: row.agencyId })),
              style: { cursor: 'pointer' },
            })}
          />
        )}
      </QueryBlock>
    </Card>
  );
}

function ChartHint() {
  const { t } = useI18n();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
      {t('dash.clickHint')}
    </Typography.Text>
  );
}

/** 督查看板: headline figures, trend, documents and agencies at a glance; every figure leads to its tasks. */
export function DashboardPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const phone = Grid.useBreakpoint().md === false;
  const summary = useSummary();
  const trend = useTrend(12);
  const documents = useDocumentRollups();
  const agencies = useAgencyRollups();
  const [documentMode, setDocumentMode] = useState<DocumentMode>('status');
  const [allAgencies, setAllAgencies] = useState(false);
  const fetching = useIsFetching({ queryKey: reportKeys.all }) > 0;
  const shownAgencies = useMemo(() => rankAgencies(agencies.data ?? [], allAgencies), [agencies.data, allAgencies]);
  const agenciesWithLead = useMemo(() => (agencies.data ?? []).filter((a) => a.lead > 0).length, [agencies.data]);
  const documentsWithTasks = useMemo(() => (documents.data ?? []).filter((d) => d.tasks > 0), [documents.data]);

  return (
    <Flex vertical gap={16}>
      <Flex align="center" justify="space-between" gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.dashboard')}
        </Typography.Title>
        <Tooltip title={t('common.refresh')}>
          <Button
            icon={<ReloadOutlined />}
            aria-label={t('common.refresh')}
            loading={fetching}
            onClick={() => void queryClient.invalidateQueries({ queryKey: reportKeys.all })}
          />
        </Tooltip>
      </Flex>

      {summary.isError && !summary.data ? (
        <Card>
          <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
        </Card>
      ) : summary.data ? (
        <KpiCards summary={summary.data} />
      ) : (
        <Card>
          <Skeleton active paragraph={{ rows: 2 }} />
        </Card>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('dash.trend.title')} style={{ height: '100%' }}>
            <QueryBlock query={trend} rows={6} isEmpty={(data) => data.length === 0} empty={t('dash.trend.empty')}>
              {(data) => (
                <>
                  <TrendChart points={data} />
                  <ChartHint />
                </>
              )}
            </QueryBlock>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <OverduePreview />
        </Col>
        <Col xs={24} xl={12}>
          <Card
            title={t('dash.documents.title')}
            extra={
              <Segmented<DocumentMode>
                size="small"
                value={documentMode}
                onChange={setDocumentMode}
                options={[
                  { value: 'status', label: t('dash.documents.byStatus') },
                  { value: 'light', label: t('dash.documents.byLight') },
                ]}
              />
            }
            style={{ height: '100%' }}
          >
            <QueryBlock
              query={documents}
              rows={6}
              isEmpty={() => documentsWithTasks.length === 0}
              empty={t('dash.documents.empty')}
            >
              {() => (
                <>
                  <DocumentsChart documents={documentsWithTasks} mode={documentMode} phone={phone} />
                  <ChartHint />
                </>
              )}
            </QueryBlock>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <LeaguePreview />
        </Col>
        <Col xs={24}>
          <Card
            title={t('dash.agencies.title')}
            extra={
              agenciesWithLead > 20 ? (
                <Flex align="center" gap={8}>
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: phone ? 'none' : undefined }}>
                    {allAgencies
                      ? t('dash.agencies.showingAll', { n: agenciesWithLead })
                      : t('dash.agencies.showingTop', { n: 20, total: agenciesWithLead })}
                  </Typography.Text>
                  <Switch
                    size="small"
                    checked={allAgencies}
                    onChange={setAllAgencies}
                    aria-label={t('dash.agencies.showAll')}
                  />
                  <Typography.Text>{phone ? t('common.all') : t('dash.agencies.showAll')}</Typography.Text>
                </Flex>
              ) : undefined
            }
          >
            <QueryBlock
              query={agencies}
              rows={6}
              isEmpty={() => shownAgencies.length === 0}
              empty={t('dash.agencies.empty')}
            >
              {() => (
                <>
                  <AgenciesChart agencies={shownAgencies} phone={phone} />
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
                    {t('dash.agencies.note')}
                  </Typography.Text>
                </>
              )}
            </QueryBlock>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

export { DashboardPage as Component };
