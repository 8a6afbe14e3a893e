import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import { download, errorMessage } from '../../../api';
import { useI18n } from '../../../i18n';
import { formatBytes, formatDateTime } from '../../../lib/format';
import { keys, useAgencyNames } from '../../../lib/queries';
import type { TaskDetail } from '../../../lib/types';
import { usePersonLabel } from './shared';
import { EVIDENCE_ACCEPT, uploadEvidence } from './upload';

/** 协办情况: what the co-operating agencies reported, per week. */
export function ContributionsPanel({ task }: { task: TaskDetail }) {
  const { t } = useI18n();
  const agencyNames = useAgencyNames();
  if (task.contributions.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contribution.none')} />;
  }
  return (
    <Timeline
      items={task.contributions.map((contribution) => ({
        key: contribution.id,
        content: (
          <>
            <Typography.Text strong>
              {contribution.period} · {agencyNames.get(contribution.agencyId) ?? ''}
            </Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {contribution.content}
            </Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(contribution.updatedAt)}
            </Typography.Text>
          </>
        ),
      }))}
    />
  );
}

/** 催办 / 督办 notices sent on this task. */
export function NoticesPanel({ task }: { task: TaskDetail }) {
  const { t } = useI18n();
  const agencyNames = useAgencyNames();
  const person = usePersonLabel();
  if (task.notices.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notice.none')} />;
  return (
    <Flex vertical gap={12}>
      {task.notices.map((notice) => (
        <Card key={notice.id} size="small">
          <Flex wrap gap={8} align="center">
            <Tag color={notice.kind === 'supervision' ? 'red' : 'orange'}>{t(`notice.kind.${notice.kind}`)}</Tag>
            <Typography.Text strong>{notice.number}</Typography.Text>
            <Typography.Text type="secondary">
              {t('notice.to', { agency: agencyNames.get(notice.agencyId) ?? '' })}
            </Typography.Text>
          </Flex>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 4px' }}>
            {notice.body}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {person(notice.sentBy)} · {formatDateTime(notice.sentAt)}
          </Typography.Text>
        </Card>
      ))}
    </Flex>
  );
}

/** Evidence (佐证材料): download with the token; the office and the task's agencies upload. */
export function AttachmentsPanel({ task, canUpload }: { task: TaskDetail; canUpload: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const agencyNames = useAgencyNames();
  const [uploading, setUploading] = useState(0);

  return (
    <div>
      {canUpload && (
        <Upload
          multiple
          accept={EVIDENCE_ACCEPT}
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) => {
            setUploading((n) => n + 1);
            uploadEvidence(task.id, file as File)
              .then((attachment) => {
                onSuccess?.(attachment);
                void message.success(t('attach.uploaded', { file: attachment.fileName }));
                void queryClient.invalidateQueries({ queryKey: keys.task(task.id) });
                void queryClient.invalidateQueries({ queryKey: keys.history(task.id) });
              })
              .catch((error: unknown) => {
                onError?.(error as Error);
                void message.error(
                  t('report.uploadFailed', { file: (file as File).name, message: errorMessage(error) }),
                );
              })
              .finally(() => setUploading((n) => n - 1));
          }}
        >
          <Button icon={<UploadOutlined />} loading={uploading > 0} style={{ marginBottom: 12 }}>
            {t('attach.upload')}
          </Button>
        </Upload>
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={task.attachments}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attach.none')} /> }}
        columns={[
          {
            key: 'file',
            title: t('report.attachments'),
            render: (_, attachment) => (
              <Button
                type="link"
                size="small"
                icon={<PaperClipOutlined />}
                style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
                onClick={() =>
                  void download(`/api/attachments/${attachment.id}`, {}, attachment.fileName).catch((error: unknown) =>
                    message.error(errorMessage(error)),
                  )
                }
              >
                {attachment.fileName}
              </Button>
            ),
          },
          { key: 'size', width: 90, render: (_, attachment) => formatBytes(attachment.byteSize) },
          {
            key: 'agency',
            width: 140,
            responsive: ['md'],
            render: (_, attachment) => (attachment.agencyId ? agencyNames.get(attachment.agencyId) : '') ?? '',
          },
          { key: 'time', width: 140, render: (_, attachment) => formatDateTime(attachment.uploadedAt) },
        ]}
      />
    </div>
  );
}
