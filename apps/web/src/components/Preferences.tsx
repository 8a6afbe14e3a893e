import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Modal, Select, Skeleton, Switch, Typography } from 'antd';
import { useEffect, useId } from 'react';
import { api, errorMessage } from '../api';
import { useI18n } from '../i18n';

export interface NotificationPreferences {
  emailNotifications: boolean;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
}

export const preferencesKey = ['me', 'preferences'] as const;

/**
 * The signed-in user's preferences. GET /api/auth/me does not carry them; PATCH with an empty
 * body changes nothing and answers the current values, so that is how they are read.
 */
export function usePreferences(enabled = true) {
  return useQuery({
    queryKey: preferencesKey,
    queryFn: ({ signal }) =>
      api<NotificationPreferences>('/api/auth/me/preferences', { method: 'PATCH', body: {}, signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

interface Values {
  emailNotifications: boolean;
  quietHoursStart?: number | null;
  quietHoursEnd?: number | null;
}

/** E-mail notifications on or off, and the quiet hours (Beijing time) in which no e-mail goes out. */
export function PreferencesForm({
  onSaved,
  footer = true,
  formId,
}: {
  onSaved?: () => void;
  footer?: boolean;
  /** The form's id, for a submit button outside it (the dialog's OK). */
  formId?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const current = usePreferences();
  const email = Form.useWatch('emailNotifications', form);

  useEffect(() => {
    if (current.data) form.setFieldsValue(current.data);
  }, [current.data, form]);

  const save = useMutation({
    mutationFn: (values: Values) =>
      api<NotificationPreferences>('/api/auth/me/preferences', {
        method: 'PATCH',
        body: {
          emailNotifications: values.emailNotifications,
          quietHoursStart: values.quietHoursStart ?? null,
          quietHoursEnd: values.quietHoursEnd ?? null,
        },
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(preferencesKey, saved);
      void message.success(t('prefs.saved'));
      onSaved?.();
    },
  });

  if (current.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (current.isError) return <Alert type="error" showIcon title={errorMessage(current.error)} />;

  const hours = Array.from({ length: 24 }, (_, hour) => ({
    value: hour,
    label: `${String(hour).padStart(2, '0')}:00`,
  }));
  const bothOrNeither = (other: 'quietHoursStart' | 'quietHoursEnd') => ({
    validator: async (_: unknown, value: number | null | undefined) => {
      const partner = form.getFieldValue(other) as number | null | undefined;
      if ((value ?? null) === null && (partner ?? null) !== null) throw new Error(t('prefs.quietBoth'));
    },
  });

  return (
    <Form<Values>
      form={form}
      id={formId}
      layout="vertical"
      initialValues={current.data}
      onFinish={(values) => save.mutate(values)}
      disabled={save.isPending}
    >
      {save.isError && <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="emailNotifications"
        label={t('prefs.email')}
        valuePropName="checked"
        extra={t('prefs.emailHint')}
      >
        <Switch />
      </Form.Item>
      <Typography.Text>{t('prefs.quietHours')}</Typography.Text>
      <Flex gap={12} wrap style={{ marginTop: 8 }}>
        <Form.Item
          name="quietHoursStart"
          label={t('prefs.quietFrom')}
          dependencies={['quietHoursEnd']}
          rules={[bothOrNeither('quietHoursEnd')]}
          style={{ marginBottom: 8 }}
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={hours}
            disabled={!email || save.isPending}
            style={{ width: 130 }}
          />
        </Form.Item>
        <Form.Item
          name="quietHoursEnd"
          label={t('prefs.quietTo')}
          dependencies={['quietHoursStart']}
          rules={[bothOrNeither('quietHoursStart')]}
          style={{ marginBottom: 8 }}
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={hours}
            disabled={!email || save.isPending}
            style={{ width: 130 }}
          />
        </Form.Item>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: footer ? 16 : 0 }}>
        {t('prefs.quietHint')}
      </Typography.Paragraph>
      {footer && (
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}

/** The preferences as a small dialog (from the header's user menu, for every role). */
export function PreferencesModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const formId = useId();
  return (
    <Modal
      open={open}
      title={t('prefs.title')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', form: formId }}
    >
      <PreferencesForm footer={false} onSaved={onClose} formId={formId} />
    </Modal>
  );
}
