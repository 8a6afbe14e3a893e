import { Button, Card, Empty, Flex, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../../api';
import { useI18n } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { useAgencyNames } from '../../../lib/queries';
import type { ExtensionRequest, TaskDetail } from '../../../lib/types';
import { useTaskWrite, WriteError } from './shared';

const STATUS_COLORS = { pending: 'processing', approved: 'success', refused: 'error' } as const;

function DecisionModal({
  task,
  extension,
  approve,
  onClose,
}: {
  task: TaskDetail;
  extension: ExtensionRequest;
  approve: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ comment?: string }>();
  const write = useTaskWrite(
    task.id,
    (values: { comment?: string }) =>
      api(`/api/extensions/${extension.id}/${approve ? 'approve' : 'refuse'}`, {
        method: 'POST',
        body: values.comment?.trim() ? { comment: values.comment.trim() } : {},
      }),
    { success: t('ext.decided'), onSuccess: onClose },
  );
  return (
    <Modal
      open
      title={approve ? t('ext.approveTitle', { date: extension.requestedDeadline }) : t('ext.refuseTitle')}
      okText={approve ? t('ext.approve') : t('ext.refuse')}
      okButtonProps={{ danger: !approve }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={write.isPending}
      destroyOnHidden
    >
      {write.isError && <WriteError error={write.error} taskId={task.id} />}
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{extension.reason}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => write.mutate(values)}>
        <Form.Item name="comment" label={t('ext.decision')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 延期申请 and their decisions; the office approves or refuses the pending one. */
export function ExtensionsPanel({ task, canDecide }: { task: TaskDetail; canDecide: boolean }) {
  const { t } = useI18n();
  const agencyNames = useAgencyNames();
  const [deciding, setDeciding] = useState<{ extension: ExtensionRequest; approve: boolean } | null>(null);
  if (task.extensions.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ext.none')} />;
  return (
    <Flex vertical gap={12}>
      {task.extensions.map((extension) => (
        <Card key={extension.id} size="small">
          <Flex justify="space-between" wrap gap={8}>
            <Space wrap>
              <Typography.Text strong>
                {t('ext.fromTo', { from: extension.currentDeadline ?? '—', to: extension.requestedDeadline })}
              </Typography.Text>
              <Tag color={STATUS_COLORS[extension.status]}>{t(`ext.status.${extension.status}`)}</Tag>
            </Space>
            {canDecide && extension.status === 'pending' && (
              <Space>
                <Button type="primary" size="small" onClick={() => setDeciding({ extension, approve: true })}>
                  {t('ext.approve')}
                </Button>
                <Button danger size="small" onClick={() => setDeciding({ extension, approve: false })}>
                  {t('ext.refuse')}
                </Button>
              </Space>
            )}
          </Flex>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 4px' }}>
            {extension.reason}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {agencyNames.get(extension.agencyId) ?? ''} ·{' '}
            {t('ext.requestedAt', { time: formatDateTime(extension.requestedAt) })}
          </Typography.Text>
          {extension.decidedAt && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('ext.decidedAt', {
                  time: formatDateTime(extension.decidedAt),
                  comment: extension.decisionComment ?? '—',
                })}
              </Typography.Text>
            </div>
          )}
        </Card>
      ))}
      {deciding && (
        <DecisionModal
          task={task}
          extension={deciding.extension}
          approve={deciding.approve}
          onClose={() => setDeciding(null)}
        />
      )}
    </Flex>
  );
}
