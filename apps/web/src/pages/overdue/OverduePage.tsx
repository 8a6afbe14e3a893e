import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Grid, Space, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { useMe } from '../../lib/queries';
import type { NoticeKind } from '../../lib/types';
import { useOverdueBoard } from '../reports/queries';
import type { OverdueItem } from '../reports/types';
import { NoticeDialog } from './NoticeDialog';
import { EscalationTag, PlainLightTag } from './tags';

const PAGE_SIZES = [20, 50, 100, 200];

function pageParams(search: URLSearchParams): { page: number; pageSize: number } {
  const page = Number(search.get('page'));
  const pageSize = Number(search.get('pageSize'));
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

/** 逾期督办: every open task past its deadline in force, longest overdue first, with 催办 / 督办 per row. */
export function OverduePage() {
  const { t } = useI18n();
  const [search, setSearch] = useSearchParams();
  const { page, pageSize } = pageParams(search);
  const board = useOverdueBoard(page, pageSize);
  const role = useMe().data?.role;
  const canSend = role === 'supervisor' || role === 'coordinator' || role === 'admin';
  const phone = Grid.useBreakpoint().md === false;
  const [notice, setNotice] = useState<{ item: OverdueItem; kind: NoticeKind } | null>(null);

  const actions = (item: OverdueItem) => (
    <Space size={4}>
      <Button size="small" onClick={() => setNotice({ item, kind: 'chase' })}>
        {t('overdue.chase')}
      </Button>
      <Button size="small" danger onClick={() => setNotice({ item, kind: 'supervision' })}>
        {t('overdue.supervise')}
      </Button>
    </Space>
  );

  // A phone gets one column: the task, its figures beneath, and the two actions.
  const phoneColumns: TableColumnsType<OverdueItem> = [
    {
      key: 'task',
      title: t('overdue.col.task'),
      render: (_, item) => (
        <Flex vertical gap={4}>
          <Link to={`/tasks/${item.taskId}`}>
            {item.number} {item.title}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.leadAgencies.join('、') || t('ledger.nobody')} · {item.deadline}
          </Typography.Text>
          <Flex align="center" gap={8} wrap>
            <Typography.Text type="danger">{t('ledger.days', { n: item.daysOverdue })}</Typography.Text>
            <EscalationTag level={item.escalationLevel} />
            <PlainLightTag light={item.light} />
            <div style={{ flex: 1 }} />
            {canSend && actions(item)}
          </Flex>
        </Flex>
      ),
    },
  ];

  const columns: TableColumnsType<OverdueItem> = [
    { key: 'number', title: t('ledger.col.number'), dataIndex: 'number', width: 68 },
    {
      key: 'task',
      title: t('overdue.col.task'),
      render: (_, item) => (
        <div>
          <Link to={`/tasks/${item.taskId}`}>
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: item.title }} style={{ margin: 0, color: 'inherit' }}>
              {item.title}
            </Typography.Paragraph>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: item.documentTitle }}>
            {item.documentTitle}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'lead',
      title: t('overdue.col.lead'),
      width: 130,
      render: (_, item) =>
        item.leadAgencies.length > 0 ? (
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: item.leadAgencies.join('、') }} style={{ margin: 0 }}>
            {item.leadAgencies.join('、')}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="warning">{t('ledger.nobody')}</Typography.Text>
        ),
    },
    { key: 'deadline', title: t('overdue.col.deadline'), dataIndex: 'deadline', width: 104 },
    {
      key: 'days',
      title: t('overdue.col.days'),
      width: 80,
      align: 'right',
      render: (_, item) => <Typography.Text type="danger">{t('ledger.days', { n: item.daysOverdue })}</Typography.Text>,
    },
    {
      key: 'level',
      title: t('overdue.col.level'),
      width: 84,
      render: (_, item) => <EscalationTag level={item.escalationLevel} />,
    },
    {
      key: 'light',
      title: t('ledger.col.light'),
      width: 76,
      responsive: ['lg'],
      render: (_, item) => <PlainLightTag light={item.light} />,
    },
    {
      key: 'status',
      title: t('ledger.col.status'),
      width: 100,
      responsive: ['xl'],
      render: (_, item) => <StatusTag status={item.status} />,
    },
    ...(canSend
      ? [
          {
            key: 'actions',
            title: t('overdue.col.actions'),
            width: 132,
            render: (_: unknown, item: OverdueItem) => actions(item),
          },
        ]
      : []),
  ];

  const tools = (
    <Tooltip title={t('common.refresh')}>
      <Button
        icon={<ReloadOutlined />}
        aria-label={t('common.refresh')}
        onClick={() => void board.refetch()}
        loading={board.isFetching && !board.isPending}
      />
    </Tooltip>
  );

  return (
    <Card
      title={
        <Space size={8} wrap>
          {t('overdue.title')}
          {board.data && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t('common.total', { n: board.data.total })}
            </Typography.Text>
          )}
        </Space>
      }
      extra={tools}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('overdue.intro')}
      </Typography.Paragraph>
      {board.isError && board.data && (
        <Alert type="error" showIcon title={errorMessage(board.error)} style={{ marginBottom: 12 }} />
      )}
      {board.isError && !board.data ? (
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      ) : (
        <Table<OverdueItem>
          rowKey="taskId"
          size="middle"
          tableLayout="fixed"
          columns={phone ? phoneColumns : columns}
          dataSource={board.data?.items}
          loading={board.isFetching}
          scroll={phone ? undefined : { x: 960 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('overdue.empty')} /> }}
          onChange={(pagination) => {
            const nextSize = pagination.pageSize ?? pageSize;
            const next = new URLSearchParams(search);
            const nextPage = nextSize !== pageSize ? 1 : (pagination.current ?? 1);
            if (nextPage > 1) next.set('page', String(nextPage));
            else next.delete('page');
            if (nextSize !== 20) next.set('pageSize', String(nextSize));
            else next.delete('pageSize');
            setSearch(next);
          }}
          pagination={{
            current: board.data?.page ?? page,
            pageSize: board.data?.pageSize ?? pageSize,
            total: board.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { n: total }),
          }}
        />
      )}
      {notice && <NoticeDialog item={notice.item} kind={notice.kind} onClose={() => setNotice(null)} />}
    </Card>
  );
}

export { OverduePage as Component };
