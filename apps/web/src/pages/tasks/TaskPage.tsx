import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  type DescriptionsProps,
  Flex,
  Row,
  Skeleton,
  Space,
  Tabs,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api';
import { DeadlineText } from '../../components/DeadlineText';
import { ErrorState } from '../../components/ErrorState';
import { LightTag } from '../../components/LightTag';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isOffice } from '../../lib/navigation';
import { keys, useMe } from '../../lib/queries';
import type { TaskDetail } from '../../lib/types';
import { ActionBar } from './task/ActionBar';
import { CommentsPanel } from './task/CommentsPanel';
import { ExtensionsPanel } from './task/ExtensionsPanel';
import { HistoryPanel } from './task/HistoryPanel';
import { Owners } from './task/OwnersCard';
import { AttachmentsPanel, ContributionsPanel, NoticesPanel } from './task/RecordsPanels';
import { ReportsTimeline } from './task/ReportsTimeline';
import { SourceExcerpt } from './task/SourceExcerpt';

function tabLabel(label: string, count: number) {
  return count > 0 ? (
    <span>
      {label}{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {count}
      </Typography.Text>
    </span>
  ) : (
    label
  );
}

/** One task (GET /api/tasks/:id): what it is, who owns it, its reports and records, and what you may do. */
export function TaskPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const me = useMe().data;
  const [tab, setTab] = useState('reports');
  const detail = useQuery({
    queryKey: keys.task(id),
    queryFn: ({ signal }) => api<TaskDetail>(`/api/tasks/${id}`, { signal }),
  });

  const breadcrumb = (
    <Breadcrumb
      style={{ marginBottom: 16 }}
      items={[
        { title: <Link to="/tasks">{me?.role === 'agency' ? t('nav.myTasks') : t('nav.ledger')}</Link> },
        { title: detail.data?.number ?? '…' },
      ]}
    />
  );

  if (detail.isPending || !me) {
    return (
      <>
        {breadcrumb}
        <Card>
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
        <Card style={{ marginTop: 16 }}>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </>
    );
  }
  if (detail.isError) {
    return (
      <>
        {breadcrumb}
        <Card>
          <ErrorState error={detail.error} notFound={t('task.notFound')} onRetry={() => void detail.refetch()} />
        </Card>
      </>
    );
  }

  const task = detail.data;
  const office = isOffice(me.role);
  const canUpload = office || (me.role === 'agency' && task.yourRole !== 'none');

  const info: DescriptionsProps['items'] = [
    {
      key: 'document',
      label: t('task.document'),
      span: 2,
      children: (
        <span>
          {task.document.title}
          {task.document.docNumber ? `（${task.document.docNumber}）` : ''}
        </span>
      ),
    },
    {
      key: 'section',
      label: t('task.section'),
      children: task.section ? `${task.section.label} ${task.section.heading}` : '—',
    },
    { key: 'deadline', label: t('task.deadline'), children: <DeadlineText task={task} showOriginal={false} /> },
    ...(task.extendedDeadline
      ? [
          { key: 'original', label: t('task.originalDeadline'), children: task.deadlineDate ?? '—' },
          { key: 'extended', label: t('task.extendedTo'), children: task.extendedDeadline },
        ]
      : []),
    {
      key: 'light',
      label: t('task.light'),
      children: (
        <Space size={8} wrap>
          <LightTag light={task.light} reasons={task.lightReasons} />
          {task.overdue && (
            <Typography.Text type="danger">{t('task.daysOverdue', { n: task.daysOverdue })}</Typography.Text>
          )}
        </Space>
      ),
    },
    ...(task.yourRole !== 'none'
      ? [{ key: 'role', label: t('task.yourRole'), children: t(`task.relation.${task.yourRole}`) }]
      : []),
    { key: 'updated', label: t('task.updated'), children: formatDateTime(task.updatedAt) },
  ];

  return (
    <>
      {breadcrumb}
      <Card>
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ flex: '1 1 420px', minWidth: 0 }}>
            <Space size={8} wrap style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary">{task.number}</Typography.Text>
              <StatusTag status={task.status} />
              <LightTag light={task.light} reasons={task.lightReasons} />
            </Space>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {task.title}
            </Typography.Title>
          </div>
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('common.refresh')}
              loading={detail.isFetching}
              onClick={() => void detail.refetch()}
            />
          </Tooltip>
        </Flex>
        <div style={{ margin: '8px 0 16px' }}>
          <ActionBar task={task} role={me.role} />
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={info} />
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          <Card styles={{ body: { paddingTop: 4 } }}>
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                {
                  key: 'reports',
                  label: tabLabel(t('task.tab.reports'), task.reports.length),
                  children: <ReportsTimeline task={task} canReturn={office} />,
                },
                ...(task.co.length > 0 || task.contributions.length > 0
                  ? [
                      {
                        key: 'contributions',
                        label: tabLabel(t('task.tab.contributions'), task.contributions.length),
                        children: <ContributionsPanel task={task} />,
                      },
                    ]
                  : []),
                {
                  key: 'comments',
                  label: tabLabel(t('task.tab.comments'), task.comments.length),
                  children: <CommentsPanel task={task} />,
                },
                {
                  key: 'extensions',
                  label: tabLabel(t('task.tab.extensions'), task.extensions.length),
                  children: <ExtensionsPanel task={task} canDecide={office} />,
                },
                {
                  key: 'notices',
                  label: tabLabel(t('task.tab.notices'), task.notices.length),
                  children: <NoticesPanel task={task} />,
                },
                {
                  key: 'attachments',
                  label: tabLabel(t('task.tab.attachments'), task.attachments.length),
                  children: <AttachmentsPanel task={task} canUpload={canUpload} />,
                },
                { key: 'history', label: t('task.tab.history'), children: <HistoryPanel taskId={task.id} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('task.owners')}>
              <Owners task={task} />
            </Card>
            <Card size="small" title={t('task.source')}>
              <SourceExcerpt task={task} />
            </Card>
          </Flex>
        </Col>
      </Row>
    </>
  );
}

export { TaskPage as Component };
