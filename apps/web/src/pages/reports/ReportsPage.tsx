import { DashboardOutlined, FileTextOutlined, ReloadOutlined } from '@ant-design/icons';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Grid,
  Input,
  Progress,
  Space,
  Table,
  type TableColumnsType,
  type TablePaginationConfig,
  Tabs,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { DocumentTreeTable } from './DocumentTreeTable';
import { LightsBar } from './LightsBar';
import { QueryBlock } from './QueryBlock';
import { ledgerHref, percent, reportKeys, useAgencyRollups, useDocumentRollups } from './queries';
import type { AgencyRollup, DocumentRollup } from './types';

type Tab = 'documents' | 'agencies';

function Count({ n, to, danger }: { n: number; to: string; danger?: boolean }) {
  if (n === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <Link to={to}>
      <Typography.Text type={danger ? 'danger' : undefined} style={{ color: danger ? undefined : 'inherit' }} underline>
        {n}
      </Typography.Text>
    </Link>
  );
}

function Rate({ rate }: { rate: number }) {
  return (
    <Tooltip title={percent(rate)}>
      <Progress percent={Math.round(rate * 1000) / 10} size="small" strokeColor="#52c41a" style={{ margin: 0 }} />
    </Tooltip>
  );
}

/** Per document, each expandable into its chapters and sections. */
function DocumentsTab({ phone }: { phone: boolean }) {
  const { t } = useI18n();
  const documents = useDocumentRollups();
  const columns: TableColumnsType<DocumentRollup> = [
    {
      key: 'title',
      title: t('reports.col.document'),
      render: (_, row) => (
        <div>
          <Link to={ledgerHref({ documentId: row.documentId })}>
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: row.title }} style={{ margin: 0, color: 'inherit' }}>
              {row.title}
            </Typography.Paragraph>
          </Link>
          {row.docNumber && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.docNumber}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      key: 'tasks',
      title: t('reports.col.tasks'),
      dataIndex: 'tasks',
      width: 72,
      align: 'right',
      sorter: (a, b) => a.tasks - b.tasks,
    },
    {
      key: 'inProgress',
      title: t('reports.group.inProgress'),
      dataIndex: 'inProgress',
      width: 80,
      align: 'right',
      responsive: ['lg'],
    },
    {
      key: 'completed',
      title: t('reports.col.completed'),
      dataIndex: 'completed',
      width: 80,
      align: 'right',
      responsive: ['md'],
    },
    {
      key: 'rate',
      title: t('reports.col.rate'),
      width: phone ? 90 : 150,
      sorter: (a, b) => a.completionRate - b.completionRate,
      render: (_, row) => (phone ? percent(row.completionRate) : <Rate rate={row.completionRate} />),
    },
    {
      key: 'overdue',
      title: t('reports.col.overdue'),
      width: 72,
      align: 'right',
      sorter: (a, b) => a.overdue - b.overdue,
      render: (_, row) => (
        <Count n={row.overdue} danger to={ledgerHref({ documentId: row.documentId, overdue: true })} />
      ),
    },
    {
      key: 'red',
      title: t('light.red'),
      width: 64,
      align: 'right',
      responsive: ['sm'],
      sorter: (a, b) => a.lights.red - b.lights.red,
      render: (_, row) => (
        <Count n={row.lights.red} danger to={ledgerHref({ documentId: row.documentId, light: ['red'] })} />
      ),
    },
    {
      key: 'lights',
      title: t('reports.col.lights'),
      width: 120,
      responsive: ['lg'],
      render: (_, row) => <LightsBar lights={row.lights} />,
    },
  ];
  return (
    <QueryBlock query={documents} rows={8} isEmpty={(data) => data.length === 0} empty={t('dash.documents.empty')}>
      {(data) => (
        <Table<DocumentRollup>
          rowKey="documentId"
          size="middle"
          tableLayout="fixed"
          columns={columns}
          dataSource={data}
          expandable={{
            expandedRowRender: (row) => <DocumentTreeTable documentId={row.documentId} />,
            rowExpandable: (row) => row.tasks > 0,
          }}
          pagination={data.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        />
      )}
    </QueryBlock>
  );
}

const AGENCY_PAGE_SIZES = [20, 50, 100];

/** Per agency: lead and co tasks, open, completed, overdue, average days overdue, punctuality. */
function AgenciesTab({ phone }: { phone: boolean }) {
  const { t } = useI18n();
  const agencies = useAgencyRollups();
  const [filter, setFilter] = useState('');
  const [pagination, setPagination] = useState<TablePaginationConfig>({ current: 1, pageSize: 20 });
  const rows = useMemo(() => {
    const text = filter.trim();
    return (agencies.data ?? []).filter((row) => !text || row.name.includes(text));
  }, [agencies.data, filter]);

  const columns: TableColumnsType<AgencyRollup> = [
    {
      key: 'name',
      title: t('reports.col.agency'),
      width: 170,
      fixed: 'left',
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_, row) => <Link to={ledgerHref({ agencyId: row.agencyId })}>{row.name}</Link>,
    },
    {
      key: 'lead',
      title: t('reports.col.lead'),
      dataIndex: 'lead',
      width: 72,
      align: 'right',
      sorter: (a, b) => a.lead - b.lead,
    },
    {
      key: 'co',
      title: t('reports.col.co'),
      dataIndex: 'co',
      width: 72,
      align: 'right',
      sorter: (a, b) => a.co - b.co,
    },
    {
      key: 'open',
      title: t('reports.col.open'),
      dataIndex: 'open',
      width: 72,
      align: 'right',
      sorter: (a, b) => a.open - b.open,
    },
    {
      key: 'completed',
      title: t('reports.col.completed'),
      width: 80,
      align: 'right',
      sorter: (a, b) => a.completed - b.completed,
      render: (_, row) => (
        <Tooltip title={t('reports.col.rate') + t('common.colon') + percent(row.completionRate)}>
          <span>{row.completed}</span>
        </Tooltip>
      ),
    },
    {
      key: 'overdue',
      title: t('reports.col.overdue'),
      width: 72,
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.overdue - b.overdue || a.open - b.open,
      render: (_, row) => <Count n={row.overdue} danger to={ledgerHref({ agencyId: row.agencyId, overdue: true })} />,
    },
    {
      key: 'days',
      title: t('reports.col.averageDays'),
      width: 100,
      align: 'right',
      sorter: (a, b) => a.averageDaysOverdue - b.averageDaysOverdue,
      render: (_, row) => (row.averageDaysOverdue > 0 ? t('ledger.days', { n: row.averageDaysOverdue }) : '—'),
    },
    {
      key: 'punctuality',
      title: t('reports.col.punctuality'),
      width: 96,
      align: 'right',
      sorter: (a, b) => (a.punctuality ?? -1) - (b.punctuality ?? -1),
      render: (_, row) =>
        row.punctuality === null ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Tooltip title={t('reports.punctualityOf', { onTime: row.reportsOnTime, due: row.reportsDue })}>
            <Typography.Text type={row.punctuality < 0.8 ? 'warning' : undefined}>
              {percent(row.punctuality)}
            </Typography.Text>
          </Tooltip>
        ),
    },
  ];

  return (
    <QueryBlock query={agencies} rows={8}>
      {() => (
        <>
          <Input.Search
            allowClear
            placeholder={t('reports.searchAgency')}
            value={filter}
            onChange={(event) => {
              setFilter(event.target.value);
              setPagination((current) => ({ ...current, current: 1 }));
            }}
            style={{ width: phone ? '100%' : 260, marginBottom: 12 }}
          />
          <Table<AgencyRollup>
            rowKey="agencyId"
            size="middle"
            tableLayout="fixed"
            columns={columns}
            dataSource={rows}
            scroll={{ x: 740 }}
            locale={{ emptyText: t('reports.noAgencies') }}
            onChange={(next) => setPagination({ current: next.current, pageSize: next.pageSize })}
            pagination={{
              ...pagination,
              showSizeChanger: true,
              pageSizeOptions: AGENCY_PAGE_SIZES,
              showTotal: (total) => t('common.total', { n: total }),
            }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('reports.agenciesNote')}
          </Typography.Text>
        </>
      )}
    </QueryBlock>
  );
}

/** 统计: per document in its own structure and per agency, each figure linked into the ledger. */
export function ReportsPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const phone = Grid.useBreakpoint().md === false;
  const [search, setSearch] = useSearchParams();
  const tab: Tab = search.get('tab') === 'agencies' ? 'agencies' : 'documents';
  const fetching = useIsFetching({ queryKey: reportKeys.all }) > 0;

  return (
    <Card
      title={t('reports.title')}
      extra={
        <Space size={4} wrap>
          {/* The office's menu has one entry for 周报/统计: the other report screens are reached from here. */}
          <Link to="/weekly">
            <Button type="link" icon={<FileTextOutlined />}>
              {phone ? null : t('nav.weekly')}
            </Button>
          </Link>
          <Link to="/dashboard">
            <Button type="link" icon={<DashboardOutlined />}>
              {phone ? null : t('nav.dashboard')}
            </Button>
          </Link>
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('common.refresh')}
              loading={fetching}
              onClick={() => void queryClient.invalidateQueries({ queryKey: reportKeys.all })}
            />
          </Tooltip>
        </Space>
      }
      styles={{ body: { paddingTop: 8 } }}
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'agencies' ? { tab: key } : {}, { replace: true })}
        items={[
          { key: 'documents', label: t('reports.tab.documents'), children: <DocumentsTab phone={phone} /> },
          { key: 'agencies', label: t('reports.tab.agencies'), children: <AgenciesTab phone={phone} /> },
        ]}
      />
    </Card>
  );
}

export { ReportsPage as Component };
