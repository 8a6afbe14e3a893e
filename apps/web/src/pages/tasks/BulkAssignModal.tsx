import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Modal } from 'antd';
import { api, errorMessage } from '../../api';
import { AgencySelect } from '../../components/AgencySelect';
import { useI18n } from '../../i18n';
import { keys } from '../../lib/queries';

interface Values {
  lead: string[];
  co?: string[];
  andHandOver: boolean;
}

export const BULK_MAX = 500;

/** POST /api/tasks/bulk-assign: the same lead and co-operating agencies for every selected task (all or none). */
export function BulkAssignModal({
  taskIds,
  open,
  onClose,
  onDone,
}: {
  taskIds: string[];
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const lead = Form.useWatch('lead', form) ?? [];
  const co = Form.useWatch('co', form) ?? [];

  const assign = useMutation({
    mutationFn: (values: Values) =>
      api<{ updated: number }>('/api/tasks/bulk-assign', {
        method: 'POST',
        body: {
          taskIds,
          lead: values.lead.map((agencyId) => ({ agencyId })),
          co: (values.co ?? []).filter((id) => !values.lead.includes(id)).map((agencyId) => ({ agencyId })),
          andHandOver: values.andHandOver,
        },
      }),
    onSuccess: async (result) => {
      void message.success(t('bulk.done', { n: result.updated }));
      await queryClient.invalidateQueries({ queryKey: keys.tasks });
      form.resetFields();
      onDone();
    },
  });

  return (
    <Modal
      open={open}
      title={t('bulk.title', { n: taskIds.length })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={assign.isPending}
      okButtonProps={{ disabled: taskIds.length > BULK_MAX }}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('bulk.replaceNote')} style={{ marginBottom: 16 }} />
      {taskIds.length > BULK_MAX && (
        <Alert type="error" showIcon title={t('bulk.tooMany', { n: BULK_MAX })} style={{ marginBottom: 16 }} />
      )}
      {assign.isError && (
        <Alert type="error" showIcon title={errorMessage(assign.error)} style={{ marginBottom: 16 }} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ lead: [], co: [], andHandOver: false }}
        onFinish={(values) => assign.mutate(values)}
      >
        <Form.Item
          name="lead"
          label={t('bulk.lead')}
          rules={[{ type: 'array', required: true, min: 1, message: t('bulk.leadRequired') }]}
        >
          <AgencySelect exclude={co} />
        </Form.Item>
        <Form.Item name="co" label={t('bulk.co')}>
          <AgencySelect exclude={lead} />
        </Form.Item>
        <Form.Item name="andHandOver" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('bulk.handOver')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
