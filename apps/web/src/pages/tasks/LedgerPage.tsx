import { DownloadOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  Grid,
  Input,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  type TableProps,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, download, errorMessage } from '../../api';
import { DeadlineText } from '../../components/DeadlineText';
import { ErrorState } from '../../components/ErrorState';
import { LightTag } from '../../components/LightTag';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { isOffice } from '../../lib/navigation';
import { keys, useAgencies, useDocuments, useMe } from '../../lib/queries';
import { LIGHTS, type Page, TASK_STATUSES, type TaskSummary } from '../../lib/types';
import { AttentionStrip } from './AttentionStrip';
import { BulkAssignModal } from './BulkAssignModal';
import {
  exportQuery,
  hasFilters,
  type LedgerParams,
  listQuery,
  PAGE_SIZES,
  readLedgerParams,
  writeLedgerParams,
} from './ledgerParams';

type SortColumn = 'number' | 'deadline' | 'updated';

/** 台账: the tasks the user may see, filtered, sorted and paged on the server. */
export function LedgerPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => readLedgerParams(search), [search]);
  const me = useMe();
  const office = isOffice(me.data?.role);
  const documents = useDocuments();
  const agencies = useAgencies();
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [exporting, setExporting] = useState<'xlsx' | 'csv' | null>(null);
  const phone = Grid.useBreakpoint().md === false;
  const [text, setText] = useState(params.q ?? '');
  // Back and Forward change the address: the search box follows it.
  useEffect(() => setText(params.q ?? ''), [params.q]);

  const list = useQuery({
    queryKey: [...keys.tasks, 'list', listQuery(params)],
    queryFn: ({ signal }) => api<Page<TaskSummary>>('/api/tasks', { query: listQuery(params), signal }),
    placeholderData: keepPreviousData,
  });

  const documentTitles = useMemo(
    () => new Map((documents.data ?? []).map((document) => [document.documentId, document.title])),
    [documents.data],
  );

  const update = (changes: Partial<LedgerParams>, keepPage = false) => {
    setSearch(writeLedgerParams({ ...params, ...changes, page: keepPage ? (changes.page ?? params.page) : 1 }));
  };

  const exportLedger = async (format: 'xlsx' | 'csv') => {
    setExporting(format);
    const hide = message.loading(t('ledger.exporting'), 0);
    try {
      await download(`/api/reports/ledger.${format}`, exportQuery(params), `ledger.${format}`);
      void message.success(t('ledger.exported'));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      hide();
      setExporting(null);
    }
  };

  const sortOrder = (column: SortColumn) =>
    params.sort === column ? (column === 'updated' ? ('descend' as const) : ('ascend' as const)) : null;

  const columns: TableColumnsType<TaskSummary> = [
    {
      key: 'number',
      title: t('ledger.col.number'),
      dataIndex: 'number',
      width: 68,
      sorter: true,
      sortOrder: sortOrder('number'),
      sortDirections: ['ascend'],
    },
    {
      key: 'title',
      title: t('ledger.col.title'),
      render: (_, task) => (
        <div>
          <Link to={`/tasks/${task.id}`}>
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: task.title }} style={{ margin: 0, color: 'inherit' }}>
              {task.title}
            </Typography.Paragraph>
          </Link>
          {documentTitles.get(task.documentId) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {documentTitles.get(task.documentId)}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      key: 'lead',
      title: t('ledger.col.lead'),
      width: 120,
      responsive: ['sm'],
      render: (_, task) =>
        task.lead.length > 0 ? (
          task.lead.map((a) => a.agency).join('、')
        ) : (
          <Typography.Text type="warning">{t('ledger.nobody')}</Typography.Text>
        ),
    },
    {
      key: 'co',
      title: t('ledger.col.co'),
      width: 120,
      responsive: ['xl'],
      render: (_, task) =>
        task.co.length > 0 ? (
          <Typography.Paragraph
            type="secondary"
            ellipsis={{ rows: 2, tooltip: task.co.map((a) => a.agency).join('、') }}
            style={{ margin: 0 }}
          >
            {task.co.map((a) => a.agency).join('、')}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      key: 'deadline',
      title: t('ledger.col.deadline'),
      width: 108,
      sorter: true,
      sortOrder: sortOrder('deadline'),
      sortDirections: ['ascend'],
      render: (_, task) => <DeadlineText task={task} />,
    },
    {
      key: 'status',
      title: t('ledger.col.status'),
      width: 100,
      render: (_, task) => <StatusTag status={task.status} />,
    },
    {
      key: 'light',
      title: t('ledger.col.light'),
      width: 72,
      render: (_, task) => <LightTag light={task.light} reasons={task.lightReasons} />,
    },
    {
      key: 'daysOverdue',
      title: t('ledger.col.daysOverdue'),
      width: 80,
      align: 'right',
      render: (_, task) =>
        task.daysOverdue > 0 ? (
          <Typography.Text type="danger">{t('ledger.days', { n: task.daysOverdue })}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      key: 'updated',
      title: t('ledger.col.updated'),
      width: 104,
      responsive: ['lg'],
      sorter: true,
      sortOrder: sortOrder('updated'),
      sortDirections: ['descend'],
      render: (_, task) => formatDate(task.updatedAt),
    },
  ];

  const onTableChange: TableProps<TaskSummary>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const one = Array.isArray(sorter) ? sorter[0] : sorter;
      const column = one?.order ? (one.columnKey as SortColumn) : 'deadline';
      update({ sort: column });
      return;
    }
    const pageSize = pagination.pageSize ?? params.pageSize;
    update({ page: pageSize !== params.pageSize ? 1 : (pagination.current ?? 1), pageSize }, true);
  };

  const statusOptions = TASK_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }));
  const lightOptions = LIGHTS.map((light) => ({ value: light, label: t(`light.${light}`) }));
  const documentOptions = (documents.data ?? []).map((document) => ({
    value: document.documentId,
    label: document.docNumber ? `${document.title}（${document.docNumber}）` : document.title,
  }));
  const agencyOptions = (agencies.data ?? []).map((agency) => ({ value: agency.id, label: agency.name }));
  const overdueValue = params.overdue === undefined ? 'all' : params.overdue ? 'yes' : 'no';

  const tools = (
    <Space wrap>
      <Tooltip title={t('ledger.exportNote')}>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting === 'xlsx'}
          disabled={exporting !== null}
          onClick={() => void exportLedger('xlsx')}
        >
          {t('ledger.exportXlsx')}
        </Button>
      </Tooltip>
      <Tooltip title={t('ledger.exportNote')}>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting === 'csv'}
          disabled={exporting !== null}
          onClick={() => void exportLedger('csv')}
        >
          {t('ledger.exportCsv')}
        </Button>
      </Tooltip>
      <Tooltip title={t('common.refresh')}>
        <Button
          icon={<ReloadOutlined />}
          aria-label={t('common.refresh')}
          onClick={() => void list.refetch()}
          loading={list.isFetching && !list.isPending}
        />
      </Tooltip>
    </Space>
  );

  return (
    <Card
      title={me.data?.role === 'agency' ? t('ledger.myTitle') : t('ledger.title')}
      extra={phone ? undefined : tools}
      styles={{ body: { paddingTop: 16 } }}
    >
      {phone && <div style={{ marginBottom: 12 }}>{tools}</div>}
      {me.data?.role === 'agency' && <AttentionStrip />}
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('ledger.filter.document')}
          options={documentOptions}
          loading={documents.isLoading}
          value={params.documentId}
          onChange={(documentId?: string) => update({ documentId })}
          style={{ width: phone ? '100%' : 240 }}
          popupMatchSelectWidth={420}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('ledger.filter.agency')}
          options={agencyOptions}
          loading={agencies.isLoading}
          value={params.agencyId}
          onChange={(agencyId?: string) => update({ agencyId })}
          style={{ width: phone ? '100%' : 180 }}
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('ledger.filter.status')}
          options={statusOptions}
          value={params.status}
          onChange={(status) => update({ status })}
          style={{ width: phone ? '100%' : 180 }}
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('ledger.filter.light')}
          options={lightOptions}
          value={params.light}
          onChange={(light) => update({ light })}
          style={{ width: phone ? '100%' : 150 }}
        />
        <Select
          value={overdueValue}
          onChange={(value: string) => update({ overdue: value === 'all' ? undefined : value === 'yes' })}
          options={[
            { value: 'all', label: `${t('ledger.filter.overdue')}: ${t('common.all')}` },
            { value: 'yes', label: t('ledger.filter.overdueOnly') },
            { value: 'no', label: t('ledger.filter.notOverdue') },
          ]}
          style={{ width: phone ? '100%' : 130 }}
        />
        {office && (
          <Checkbox
            checked={params.unassigned}
            onChange={(event) => update({ unassigned: event.target.checked })}
            style={{ alignSelf: 'center' }}
          >
            {t('ledger.filter.unassigned')}
          </Checkbox>
        )}
        <Input.Search
          allowClear
          placeholder={t('ledger.filter.search')}
          value={text}
          maxLength={100}
          onChange={(event) => {
            setText(event.target.value);
            if (!event.target.value && params.q) update({ q: undefined });
          }}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          style={{ width: phone ? '100%' : 240 }}
        />
        {hasFilters(params) && (
          <Button
            type="link"
            onClick={() => {
              setText('');
              setSearch(writeLedgerParams({ ...readLedgerParams(new URLSearchParams()), pageSize: params.pageSize }));
            }}
          >
            {t('ledger.filter.reset')}
          </Button>
        )}
      </Flex>

      {office && selected.length > 0 && (
        <Flex align="center" gap={12} wrap style={{ marginBottom: 12 }}>
          <Typography.Text>{t('ledger.selected', { n: selected.length })}</Typography.Text>
          <Button type="primary" icon={<TeamOutlined />} onClick={() => setBulkOpen(true)}>
            {t('ledger.bulkAssign')}
          </Button>
          <Button type="link" onClick={() => setSelected([])}>
            {t('ledger.clearSelection')}
          </Button>
        </Flex>
      )}

      {list.isError && list.data && (
        <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />
      )}
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Table<TaskSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          onChange={onTableChange}
          tableLayout="fixed"
          scroll={{ x: phone ? 640 : 980 }}
          rowSelection={
            office
              ? {
                  selectedRowKeys: selected,
                  preserveSelectedRowKeys: true,
                  onChange: (rowKeys) => setSelected(rowKeys as string[]),
                }
              : undefined
          }
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledger.empty')} /> }}
          pagination={{
            current: list.data?.page ?? params.page,
            pageSize: list.data?.pageSize ?? params.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { n: total }),
          }}
        />
      )}
      {office && (
        <BulkAssignModal
          open={bulkOpen}
          taskIds={selected}
          onClose={() => setBulkOpen(false)}
          onDone={() => {
            setBulkOpen(false);
            setSelected([]);
          }}
        />
      )}
    </Card>
  );
}

export { LedgerPage as Component };
