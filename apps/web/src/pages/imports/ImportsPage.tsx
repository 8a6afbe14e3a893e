import { InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  Progress,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { useI18n } from '../../i18n';
import { formatBytes, formatDateTime } from '../../lib/format';
import { type Page } from '../../lib/types';
import { ImportStatusTag } from './ImportStatusTag';
import { ACCEPTED_EXTENSIONS, IMPORT_STATUSES, type ImportJob, importKeys, type ImportStatus } from './types';
import { useImportJob } from './useImportJob';

const PAGE_SIZE = 20;

/** A waiting import's state, polled until the worker is done with it. */
function LiveStatus({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  const live = useImportJob(job.id, job).data ?? job;
  return (
    <div style={{ minWidth: 120 }}>
      <ImportStatusTag status={live.status} />
      {(live.status === 'queued' || live.status === 'extracting') && (
        <Progress
          percent={live.progress}
          size="small"
          status="active"
          aria-label={t('imports.extracting')}
          style={{ margin: '4px 0 0' }}
        />
      )}
    </div>
  );
}

/** The upload just made: its progress, then the way to its review. */
function JustUploaded({ job, onClose }: { job: ImportJob; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const live = useImportJob(job.id, job).data ?? job;
  const waiting = live.status === 'queued' || live.status === 'extracting';
  const counts = planCounts(live);
  return (
    <Alert
      closable={{ onClose }}
      showIcon
      type={live.status === 'failed' ? 'error' : waiting ? 'info' : 'success'}
      style={{ marginBottom: 16 }}
      title={
        <Space wrap size={8}>
          <Typography.Text strong>{live.fileName}</Typography.Text>
          <ImportStatusTag status={live.status} />
        </Space>
      }
      description={
        waiting ? (
          <div>
            <Typography.Text type="secondary">{t('imports.extractingHint')}</Typography.Text>
            <Progress percent={live.progress} status="active" />
          </div>
        ) : live.status === 'failed' ? (
          (live.error?.message ?? t('imports.failed'))
        ) : live.status === 'review' ? (
          <Space wrap>
            {counts && (
              <Typography.Text>
                {t('imports.planSummary', { documents: counts.documents, tasks: counts.tasks })}
              </Typography.Text>
            )}
            <Button type="primary" onClick={() => navigate(`/imports/${live.id}`)}>
              {t('imports.openReview')}
            </Button>
          </Space>
        ) : live.status === 'duplicate' ? (
          t('imports.duplicateHint')
        ) : undefined
      }
    />
  );
}

function planCounts(job: ImportJob): { documents: number; tasks: number } | null {
  if (!job.plan) return null;
  const documents = job.plan.documents.filter((document) => !document.excluded);
  return { documents: documents.length, tasks: documents.reduce((sum, document) => sum + document.taskCount, 0) };
}

function hasAcceptedExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/** 导入: upload a policy document, follow its extraction, open its review. */
export function ImportsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const [statuses, setStatuses] = useState<ImportStatus[]>([]);
  const [page, setPage] = useState(1);
  const [uploaded, setUploaded] = useState<ImportJob | null>(null);

  // Paged and filtered by the server: an office's imports only grow.
  const query = { page, pageSize: PAGE_SIZE, status: statuses.length ? statuses.join(',') : undefined };
  const list = useQuery({
    queryKey: [...importKeys.list, query],
    queryFn: ({ signal }) => api<Page<ImportJob>>('/api/imports', { query, signal }),
    placeholderData: keepPreviousData,
  });

  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api<ImportJob>('/api/imports', { method: 'POST', form });
    },
    onSuccess: (job) => {
      setUploaded(job);
      queryClient.setQueryData(importKeys.one(job.id), job);
      void queryClient.invalidateQueries({ queryKey: importKeys.list });
      if (job.status === 'duplicate') void message.info(t('imports.duplicateHint'));
    },
  });

  const columns: TableColumnsType<ImportJob> = [
    {
      key: 'file',
      title: t('imports.col.file'),
      render: (_, job) => (
        <div style={{ minWidth: 0 }}>
          {job.status === 'review' || job.status === 'committed' || job.status === 'rejected' ? (
            <Link to={`/imports/${job.id}`}>{job.fileName}</Link>
          ) : (
            <Typography.Text>{job.fileName}</Typography.Text>
          )}
          {job.error && (
            <div>
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {job.error.message ?? job.error.code}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      key: 'status',
      title: t('imports.col.status'),
      width: 140,
      render: (_, job) =>
        job.status === 'queued' || job.status === 'extracting' ? (
          <LiveStatus job={job} />
        ) : (
          <ImportStatusTag status={job.status} />
        ),
    },
    {
      key: 'plan',
      title: t('imports.col.plan'),
      width: 200,
      responsive: ['md'],
      render: (_, job) => {
        const counts = planCounts(job);
        if (!counts) return <Typography.Text type="secondary">—</Typography.Text>;
        const changes = (job.plan?.documents ?? []).reduce(
          (sum, document) => ({
            added: sum.added + document.added.length,
            changed: sum.changed + document.changed.length,
            removed: sum.removed + document.removed.length,
            versions: sum.versions + (document.existingDocumentId ? 1 : 0),
          }),
          { added: 0, changed: 0, removed: 0, versions: 0 },
        );
        return (
          <div>
            <div>{t('imports.planSummary', { documents: counts.documents, tasks: counts.tasks })}</div>
            {changes.versions > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('imports.diffSummary', changes)}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    {
      key: 'size',
      title: t('imports.col.size'),
      width: 90,
      responsive: ['lg'],
      render: (_, job) => formatBytes(job.byteSize),
    },
    {
      key: 'created',
      title: t('imports.col.uploaded'),
      width: 150,
      responsive: ['sm'],
      render: (_, job) => formatDateTime(job.createdAt),
    },
    {
      key: 'actions',
      title: t('imports.col.actions'),
      width: 110,
      render: (_, job) =>
        job.status === 'review' ? (
          <Button size="small" type="primary" onClick={() => navigate(`/imports/${job.id}`)}>
            {t('imports.review')}
          </Button>
        ) : job.status === 'committed' || job.status === 'rejected' ? (
          <Button size="small" onClick={() => navigate(`/imports/${job.id}`)}>
            {t('imports.view')}
          </Button>
        ) : null,
    },
  ];

  const refresh = (
    <Tooltip title={t('common.refresh')}>
      <Button
        icon={<ReloadOutlined />}
        aria-label={t('common.refresh')}
        onClick={() => void list.refetch()}
        loading={list.isFetching && !list.isPending}
      />
    </Tooltip>
  );

  return (
    <Card title={t('imports.title')} extra={refresh}>
      <Upload.Dragger
        accept={ACCEPTED_EXTENSIONS.join(',')}
        multiple={false}
        showUploadList={false}
        disabled={upload.isPending}
        beforeUpload={(file) => {
          if (!hasAcceptedExtension(file.name)) {
            void message.error(t('imports.wrongType', { file: file.name }));
            return Upload.LIST_IGNORE;
          }
          upload.mutate(file);
          return false;
        }}
        style={{ marginBottom: 16 }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{upload.isPending ? t('imports.uploading') : t('imports.drop')}</p>
        <p className="ant-upload-hint">{t('imports.dropHint')}</p>
      </Upload.Dragger>
      {upload.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(upload.error)}
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => upload.reset() }}
        />
      )}
      {uploaded && <JustUploaded key={uploaded.id} job={uploaded} onClose={() => setUploaded(null)} />}

      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('imports.listNote')}</Typography.Text>
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('imports.filterStatus')}
          value={statuses}
          onChange={(value) => {
            setStatuses(value);
            setPage(1);
          }}
          options={IMPORT_STATUSES.map((status) => ({ value: status, label: t(`imports.status.${status}`) }))}
          style={{ width: phone ? '100%' : 240 }}
        />
      </Flex>
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <Table<ImportJob>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          tableLayout="fixed"
          scroll={{ x: phone ? 480 : undefined }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.empty')} /> }}
          pagination={{
            current: list.data?.page ?? page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { n: total }),
          }}
        />
      )}
    </Card>
  );
}

export { ImportsPage as Component };
