import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, Form, Input, Modal, Progress, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { api, download, errorMessage } from '../../../api';
import { useI18n } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { useAgencyNames } from '../../../lib/queries';
import type { Attachment, ReportRating, TaskDetail, TaskReport } from '../../../lib/types';
import { useTaskWrite, WriteError } from './shared';

const RATING_COLORS: Record<ReportRating, string> = { on_track: 'green', at_risk: 'orange', off_track: 'red' };

function ReturnModal({ task, report, onClose }: { task: TaskDetail; report: TaskReport; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ comment: string }>();
  const write = useTaskWrite(
    task.id,
    (values: { comment: string }) =>
      api(`/api/reports/${report.id}/return`, { method: 'POST', body: { comment: values.comment.trim() } }),
    { success: t('report.returnDone'), onSuccess: onClose },
  );
  return (
    <Modal
      open
      title={t('report.returnTitle', { period: report.period })}
      okText={t('report.return')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={write.isPending}
      destroyOnHidden
    >
      {write.isError && <WriteError error={write.error} taskId={task.id} />}
      <Form form={form} layout="vertical" onFinish={(values) => write.mutate(values)}>
        <Form.Item
          name="comment"
          label={t('report.returnReason')}
          rules={[{ required: true, whitespace: true, message: t('report.returnReasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Block({ label, text }: { label: string; text: string }) {
  const { t } = useI18n();
  if (!text) return null;
  return (
    <div style={{ marginTop: 6 }}>
      <Typography.Text type="secondary">
        {label}
        {t('common.colon')}
      </Typography.Text>
      <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Text>
    </div>
  );
}

export function AttachmentLinks({ attachments }: { attachments: Attachment[] }) {
  const { message } = App.useApp();
  if (attachments.length === 0) return null;
  return (
    <Flex wrap gap={4} style={{ marginTop: 6 }}>
      {attachments.map((attachment) => (
        <Button
          key={attachment.id}
          type="link"
          size="small"
          icon={<PaperClipOutlined />}
          onClick={() =>
            void download(`/api/attachments/${attachment.id}`, {}, attachment.fileName).catch((error: unknown) =>
              message.error(errorMessage(error)),
            )
          }
          style={{ paddingInline: 0 }}
        >
          {attachment.fileName}
        </Button>
      ))}
    </Flex>
  );
}

/** The weekly reports, newest week first: the current revision of each, late and returned ones marked. */
export function ReportsTimeline({ task, canReturn }: { task: TaskDetail; canReturn: boolean }) {
  const { t } = useI18n();
  const agencyNames = useAgencyNames();
  const [returning, setReturning] = useState<TaskReport | null>(null);
  if (task.reports.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.none')} />;
  }
  return (
    <>
      {canReturn && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('report.noApproval')}
        </Typography.Paragraph>
      )}
      <Timeline
        items={task.reports.map((report) => ({
          key: report.id,
          color: report.returnedAt ? 'gray' : RATING_COLORS[report.rating],
          content: (
            <div style={{ paddingBottom: 8 }}>
              <Space size={4} wrap style={{ marginBottom: 4 }}>
                <Typography.Text strong>{report.period}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('report.revision', { n: report.revision })}
                  {report.revisions > 1 ? ` · ${t('report.revisions', { n: report.revisions })}` : ''}
                </Typography.Text>
              </Space>
              <Flex wrap gap={6} align="center">
                <Tag color={RATING_COLORS[report.rating]}>{t(`rating.${report.rating}`)}</Tag>
                {report.isFinal && <Tag color="purple">{t('report.finalTag')}</Tag>}
                {report.late && <Tag color="orange">{t('report.late')}</Tag>}
                {report.returnedAt && <Tag>{t('report.returned')}</Tag>}
                <Progress percent={report.percent} size="small" style={{ width: 160, margin: 0 }} />
                {canReturn && !report.returnedAt && (
                  <Button size="small" onClick={() => setReturning(report)}>
                    {t('report.return')}
                  </Button>
                )}
              </Flex>
              <Block label={t('report.workDone')} text={report.workDone} />
              <Block label={t('report.nextSteps')} text={report.nextSteps} />
              <Block label={t('report.problems')} text={report.problems} />
              <AttachmentLinks attachments={task.attachments.filter((a) => a.reportId === report.id)} />
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
                {agencyNames.get(report.agencyId) ?? ''} ·{' '}
                {t('report.submittedAt', { time: formatDateTime(report.submittedAt) })}
              </Typography.Text>
              {report.returnedAt && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginTop: 8 }}
                  title={t('report.returnedNote', {
                    time: formatDateTime(report.returnedAt),
                    comment: report.returnComment ?? '',
                  })}
                />
              )}
            </div>
          ),
        }))}
      />
      {returning && <ReturnModal task={task} report={returning} onClose={() => setReturning(null)} />}
    </>
  );
}
