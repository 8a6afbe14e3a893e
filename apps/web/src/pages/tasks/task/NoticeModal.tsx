import { Form, Input, Modal, Radio, Select } from 'antd';
import { api } from '../../../api';
import { useI18n } from '../../../i18n';
import type { Notice, NoticeKind, TaskDetail } from '../../../lib/types';
import { useTaskWrite, WriteError } from './shared';

interface Values {
  kind: NoticeKind;
  agencyId?: string;
  body: string;
}

/** 催办 / 督办: POST /api/tasks/:id/notices {kind, body, agencyId?}; numbered by the server (催办〔2026〕3号). */
export function NoticeModal({ task, onClose }: { task: TaskDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const write = useTaskWrite(
    task.id,
    (values: Values) =>
      api<Notice>(`/api/tasks/${task.id}/notices`, {
        method: 'POST',
        body: {
          kind: values.kind,
          body: values.body.trim(),
          ...(values.agencyId ? { agencyId: values.agencyId } : {}),
        },
      }),
    {
      success: (notice) => t('notice.sent', { number: noticeNumber(notice) }),
      onSuccess: onClose,
    },
  );
  const agencies = [...task.lead, ...task.co].map((a) => ({
    value: a.agencyId,
    label: `${a.agency}（${t(`task.relation.${a.role}`)}）`,
  }));

  return (
    <Modal
      open
      title={`${t('notice.send')} · ${task.number}`}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={write.isPending}
      destroyOnHidden
    >
      {write.isError && <WriteError error={write.error} taskId={task.id} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'chase' }}
        onFinish={(values) => write.mutate(values)}
      >
        <Form.Item name="kind" label={t('notice.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'chase', label: t('notice.kind.chase') },
              { value: 'supervision', label: t('notice.kind.supervision') },
            ]}
          />
        </Form.Item>
        <Form.Item name="agencyId" label={t('notice.agency')}>
          <Select allowClear placeholder={t('notice.agencyDefault')} options={agencies} />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('notice.body')}
          rules={[{ required: true, whitespace: true, message: t('notice.bodyRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The notice's printed number; the POST answer has year and sequence, the detail has `number`. */
function noticeNumber(notice: Notice & { year?: number; sequence?: number }): string {
  if (notice.number) return notice.number;
  const word = notice.kind === 'chase' ? '催办' : '督办';
  return `${word}〔${notice.year ?? ''}〕${notice.sequence ?? ''}号`;
}
