import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { api, errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { keys, useAgencies } from '../../lib/queries';
import { AGENCY_KINDS, type AgencyKind, type RegistryAgency } from './types';

interface Values {
  name: string;
  fullName?: string;
  kind: AgencyKind;
  parentId?: string | null;
  aliases?: string[];
}

/** POST /api/agencies (with its printed names) or PATCH /api/agencies/:id (admins). */
export function AgencyFormModal({ agency, onClose }: { agency: RegistryAgency | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const agencies = useAgencies();
  const [form] = Form.useForm<Values>();

  const write = useMutation({
    mutationFn: (values: Values) => {
      const fields = {
        name: values.name.trim(),
        fullName: values.fullName?.trim() || null,
        kind: values.kind,
        parentId: values.parentId ?? null,
      };
      if (agency) return api<RegistryAgency>(`/api/agencies/${agency.id}`, { method: 'PATCH', body: fields });
      const aliases = (values.aliases ?? []).map((alias) => alias.trim()).filter(Boolean);
      return api<RegistryAgency>('/api/agencies', {
        method: 'POST',
        body: { ...fields, ...(aliases.length > 0 ? { aliases } : {}) },
      });
    },
    onSuccess: async () => {
      void message.success(agency ? t('agencies.saved') : t('agencies.created'));
      await queryClient.invalidateQueries({ queryKey: keys.agencies });
      onClose();
    },
  });

  const parents = (agencies.data ?? [])
    .filter((other) => other.id !== agency?.id)
    .map((other) => ({ value: other.id, label: other.name }));

  return (
    <Modal
      open
      title={agency ? t('agencies.editTitle', { name: agency.name }) : t('agencies.create')}
      okText={agency ? t('common.save') : t('agencies.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={write.isPending}
      destroyOnHidden
    >
      {write.isError && <Alert type="error" showIcon title={errorMessage(write.error)} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          agency
            ? {
                name: agency.name,
                fullName: agency.fullName ?? '',
                kind: agency.kind as AgencyKind,
                parentId: agency.parentId,
              }
            : { kind: 'municipal_bureau', aliases: [] }
        }
        onFinish={(values) => write.mutate(values)}
        disabled={write.isPending}
      >
        <Form.Item
          name="name"
          label={t('agencies.name')}
          extra={t('agencies.nameHint')}
          rules={[
            { required: true, whitespace: true, message: t('agencies.nameRequired') },
            { min: 2, max: 60, message: t('agencies.nameLength') },
          ]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="fullName" label={t('agencies.fullName')}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="kind" label={t('agencies.kind')} rules={[{ required: true }]}>
          <Select options={AGENCY_KINDS.map((kind) => ({ value: kind, label: t(`agencyKind.${kind}`) }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t('agencies.parent')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('agencies.noParent')}
            options={parents}
            loading={agencies.isLoading}
          />
        </Form.Item>
        {!agency && (
          <Form.Item name="aliases" label={t('agencies.aliases')} extra={t('agencies.aliasesHint')}>
            <Select mode="tags" tokenSeparators={['、', ',', '，']} open={false} suffixIcon={null} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
