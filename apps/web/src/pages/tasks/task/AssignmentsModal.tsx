import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { api } from '../../../api';
import { useI18n } from '../../../i18n';
import { useAgencies } from '../../../lib/queries';
import type { Assignment, TaskDetail } from '../../../lib/types';
import { useTaskWrite, WriteError } from './shared';

interface Row {
  agencyId?: string;
  internalDivision?: string;
  contactPerson?: string;
}

interface Values {
  lead: Row[];
  co: Row[];
}

const toRow = (a: Assignment): Row => ({
  agencyId: a.agencyId,
  internalDivision: a.internalDivision ?? '',
  contactPerson: a.contactPerson ?? '',
});

const toInput = (row: Row) => ({
  agencyId: row.agencyId as string,
  internalDivision: row.internalDivision?.trim() || null,
  contactPerson: row.contactPerson?.trim() || null,
});

/** PUT /api/tasks/:id/assignments {version, lead, co}: who leads (牵头) and who co-operates (协办). */
export function AssignmentsModal({ task, onClose }: { task: TaskDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const agencies = useAgencies();
  const lead = Form.useWatch('lead', form) ?? [];
  const co = Form.useWatch('co', form) ?? [];
  const used = new Set([...lead, ...co].map((row) => row?.agencyId).filter(Boolean));
  const options = (agencies.data ?? []).map((agency) => ({ value: agency.id, label: agency.name }));

  const write = useTaskWrite(
    task.id,
    (values: Values) =>
      api<TaskDetail>(`/api/tasks/${task.id}/assignments`, {
        method: 'PUT',
        body: {
          version: task.version,
          lead: values.lead.filter((row) => row.agencyId).map(toInput),
          co: values.co.filter((row) => row.agencyId).map(toInput),
        },
      }),
    { success: t('assign.saved'), onSuccess: onClose },
  );

  const list = (name: 'lead' | 'co', title: string) => (
    <Form.List
      name={name}
      rules={
        name === 'lead'
          ? [
              {
                validator: async (_, rows: Row[]) => {
                  if (!rows?.some((row) => row?.agencyId)) throw new Error(t('assign.leadRequired'));
                },
              },
            ]
          : []
      }
    >
      {(fields, { add, remove }, { errors }) => (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text strong>{title}</Typography.Text>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} wrap style={{ marginTop: 8 }}>
              <Form.Item name={[field.name, 'agencyId']} noStyle>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('agency.choose')}
                  options={options.map((option) => ({
                    ...option,
                    disabled:
                      used.has(option.value) && form.getFieldValue([name, field.name, 'agencyId']) !== option.value,
                  }))}
                  loading={agencies.isLoading}
                  style={{ flex: '1 1 180px', minWidth: 160 }}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'internalDivision']} noStyle>
                <Input placeholder={t('agency.division')} maxLength={100} style={{ flex: '1 1 120px' }} />
              </Form.Item>
              <Form.Item name={[field.name, 'contactPerson']} noStyle>
                <Input placeholder={t('agency.contact')} maxLength={100} style={{ flex: '1 1 100px' }} />
              </Form.Item>
              <Button
                icon={<DeleteOutlined />}
                aria-label={t('agency.remove')}
                title={t('agency.remove')}
                onClick={() => remove(field.name)}
              />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginTop: 8 }} block>
            {t('agency.add')}
          </Button>
          <Form.ErrorList errors={errors} />
        </div>
      )}
    </Form.List>
  );

  return (
    <Modal
      open
      width={720}
      title={`${t('assign.title')} · ${task.number}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={write.isPending}
      destroyOnHidden
    >
      {write.isError && <WriteError error={write.error} taskId={task.id} onRefreshed={onClose} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          lead: task.lead.length > 0 ? task.lead.map(toRow) : [{}],
          co: task.co.map(toRow),
        }}
        onFinish={(values) => write.mutate(values)}
      >
        {list('lead', t('assign.lead'))}
        {list('co', t('assign.co'))}
      </Form>
    </Modal>
  );
}
