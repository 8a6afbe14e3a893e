import { Form, Input, Modal } from 'antd';
import { api } from '../../../api';
import { useI18n } from '../../../i18n';
import type { TaskDetail } from '../../../lib/types';
import { useTaskWrite, WriteError } from './shared';

/** A co-operating agency's part of this week's report: POST /api/tasks/:id/contributions {content}. */
export function ContributionModal({ task, onClose }: { task: TaskDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ content: string }>();
  const write = useTaskWrite(
    task.id,
    (values: { content: string }) =>
      api(`/api/tasks/${task.id}/contributions`, { method: 'POST', body: { content: values.content.trim() } }),
    { success: t('contribution.done'), onSuccess: onClose },
  );
  return (
    <Modal
      open
      title={`${t('contribution.submit')} · ${task.number}`}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={write.isPending}
      destroyOnHidden
    >
      {write.isError && <WriteError error={write.error} taskId={task.id} />}
      <Form form={form} layout="vertical" onFinish={(values) => write.mutate(values)}>
        <Form.Item
          name="content"
          label={t('contribution.content')}
          rules={[{ required: true, whitespace: true, message: t('contribution.contentRequired') }]}
        >
          <Input.TextArea rows={5} maxLength={10000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
