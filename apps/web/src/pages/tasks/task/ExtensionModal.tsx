import { DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api';
import { useI18n } from '../../../i18n';
import type { TaskDetail } from '../../../lib/types';
import { useTaskWrite, WriteError } from './shared';

interface Values {
  requestedDeadline: Dayjs;
  reason: string;
}

/** 延期申请: POST /api/tasks/:id/extensions {requestedDeadline, reason}. */
export function ExtensionModal({ task, onClose }: { task: TaskDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const write = useTaskWrite(
    task.id,
    (values: Values) =>
      api(`/api/tasks/${task.id}/extensions`, {
        method: 'POST',
        body: { requestedDeadline: values.requestedDeadline.format('YYYY-MM-DD'), reason: values.reason.trim() },
      }),
    { success: t('ext.requested'), onSuccess: onClose },
  );
  const today = dayjs().format('YYYY-MM-DD');
  const floor = task.effectiveDeadline && task.effectiveDeadline > today ? task.effectiveDeadline : today;

  return (
    <Modal
      open
      title={`${t('ext.request')} · ${task.number}`}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={write.isPending}
      destroyOnHidden
    >
      {write.isError && <WriteError error={write.error} taskId={task.id} />}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => write.mutate(values)}>
        <Form.Item label={t('task.deadline')}>{task.effectiveDeadline ?? '—'}</Form.Item>
        <Form.Item
          name="requestedDeadline"
          label={t('ext.date')}
          rules={[{ required: true, message: t('ext.dateRequired') }]}
        >
          <DatePicker disabledDate={(date) => date.format('YYYY-MM-DD') <= floor} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('ext.reason')}
          rules={[{ required: true, whitespace: true, message: t('ext.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
