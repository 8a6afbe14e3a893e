import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api';
import { PlainList } from '../../components/PlainList';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { keys } from '../../lib/queries';
import { type AgencyContact, agencyKeys, kindLabel, type RegistryAgency, type WebhookEndpoint } from './types';

/** Printed names that resolve to the agency; admins add and remove them. */
function Aliases({ agency, canEdit }: { agency: RegistryAgency; canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [alias, setAlias] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.agencies });
  const add = useMutation({
    mutationFn: (name: string) =>
      api<RegistryAgency>(`/api/agencies/${agency.id}/aliases`, { method: 'POST', body: { alias: name } }),
    onSuccess: async () => {
      setAlias('');
      void message.success(t('agencies.aliasAdded'));
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (aliasId: string) =>
      api<RegistryAgency>(`/api/agencies/${agency.id}/aliases/${aliasId}`, { method: 'DELETE' }),
    onSuccess: async () => {
      void message.success(t('agencies.aliasRemoved'));
      await refresh();
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('agencies.aliasesHint')}
      </Typography.Paragraph>
      <Flex wrap gap={4} style={{ marginBottom: 8 }}>
        {agency.aliases.length === 0 && <Typography.Text type="secondary">{t('agencies.noAliases')}</Typography.Text>}
        {agency.aliases.map((item) => (
          <Tag
            key={item.id}
            closable={canEdit && !remove.isPending}
            onClose={(event) => {
              event.preventDefault();
              remove.mutate(item.id);
            }}
            closeIcon={canEdit ? undefined : false}
            style={{ marginInlineEnd: 0 }}
          >
            {item.alias}
          </Tag>
        ))}
      </Flex>
      {canEdit && (
        <>
          {add.isError && <Alert type="error" showIcon title={errorMessage(add.error)} style={{ marginBottom: 8 }} />}
          <Space.Compact style={{ width: '100%' }}>
            <Input
              aria-label={t('agencies.addAlias')}
              placeholder={t('agencies.addAliasPlaceholder')}
              value={alias}
              maxLength={120}
              onChange={(event) => setAlias(event.target.value)}
              onPressEnter={() => alias.trim().length >= 2 && add.mutate(alias.trim())}
            />
            <Button
              icon={<PlusOutlined />}
              loading={add.isPending}
              disabled={alias.trim().length < 2}
              onClick={() => add.mutate(alias.trim())}
            >
              {t('agencies.addAlias')}
            </Button>
          </Space.Compact>
        </>
      )}
    </div>
  );
}

interface ContactValues {
  name: string;
  email?: string;
  phone?: string;
}

/** 联络人: told by e-mail when the agency misses a weekly report. The office adds them. */
function Contacts({ agencyId, canAdd }: { agencyId: string; canAdd: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ContactValues>();
  const [adding, setAdding] = useState(false);
  const contacts = useQuery({
    queryKey: agencyKeys.contacts(agencyId),
    queryFn: ({ signal }) => api<AgencyContact[]>(`/api/agencies/${agencyId}/contacts`, { signal }),
  });
  const add = useMutation({
    mutationFn: (values: ContactValues) =>
      api<AgencyContact>(`/api/agencies/${agencyId}/contacts`, {
        method: 'POST',
        body: {
          name: values.name.trim(),
          email: values.email?.trim() || null,
          phone: values.phone?.trim() || null,
        },
      }),
    onSuccess: async () => {
      void message.success(t('agencies.contactAdded'));
      form.resetFields();
      setAdding(false);
      await queryClient.invalidateQueries({ queryKey: agencyKeys.contacts(agencyId) });
    },
  });
  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('agencies.contactsHint')}
      </Typography.Paragraph>
      {contacts.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : contacts.isError ? (
        <Alert type="error" showIcon title={errorMessage(contacts.error)} />
      ) : (
        <PlainList
          items={contacts.data}
          rowKey={(contact) => contact.id}
          empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('agencies.noContacts')} />}
          render={(contact) => (
            <div>
              <Typography.Text strong>{contact.name}</Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {[contact.email, contact.phone].filter(Boolean).join(' · ') || '—'}
                </Typography.Text>
              </div>
            </div>
          )}
        />
      )}
      {canAdd && !adding && (
        <Button type="dashed" block icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginTop: 8 }}>
          {t('agencies.addContact')}
        </Button>
      )}
      {canAdd && adding && (
        <Form<ContactValues>
          form={form}
          layout="vertical"
          size="small"
          onFinish={(values) => add.mutate(values)}
          disabled={add.isPending}
          style={{ marginTop: 8, padding: 12, background: '#fafafa', borderRadius: 6 }}
        >
          {add.isError && <Alert type="error" showIcon title={errorMessage(add.error)} style={{ marginBottom: 8 }} />}
          <Form.Item
            name="name"
            label={t('agencies.contactName')}
            rules={[{ required: true, whitespace: true, message: t('agencies.contactNameRequired') }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('auth.emailInvalid') }]}>
            <Input maxLength={254} />
          </Form.Item>
          <Form.Item name="phone" label={t('agencies.contactPhone')}>
            <Input maxLength={30} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={add.isPending}>
              {t('common.save')}
            </Button>
            <Button onClick={() => setAdding(false)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      )}
    </div>
  );
}

interface WebhookValues {
  url: string;
  secret: string;
}

/** Signed webhooks that also receive the agency's reminder digests (admins). */
function Webhooks({ agencyId }: { agencyId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WebhookValues>();
  const [adding, setAdding] = useState(false);
  const webhooks = useQuery({
    queryKey: agencyKeys.webhooks(agencyId),
    queryFn: ({ signal }) => api<WebhookEndpoint[]>(`/api/agencies/${agencyId}/webhooks`, { signal }),
  });
  const add = useMutation({
    mutationFn: (values: WebhookValues) =>
      api<WebhookEndpoint>(`/api/agencies/${agencyId}/webhooks`, {
        method: 'POST',
        body: { url: values.url.trim(), secret: values.secret },
      }),
    onSuccess: async () => {
      void message.success(t('agencies.webhookAdded'));
      form.resetFields();
      setAdding(false);
      await queryClient.invalidateQueries({ queryKey: agencyKeys.webhooks(agencyId) });
    },
  });
  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('agencies.webhooksHint')}
      </Typography.Paragraph>
      {webhooks.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : webhooks.isError ? (
        <Alert type="error" showIcon title={errorMessage(webhooks.error)} />
      ) : (
        <PlainList
          items={webhooks.data}
          rowKey={(hook) => hook.id}
          empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('agencies.noWebhooks')} />}
          render={(hook) => (
            <div>
              <Typography.Text strong style={{ wordBreak: 'break-all' }}>
                {hook.url}
              </Typography.Text>
              <div>
                <Space size={6} wrap>
                  {hook.isActive ? (
                    <Tag color="success">{t('agencies.webhookActive')}</Tag>
                  ) : (
                    <Tag>{t('agencies.webhookInactive')}</Tag>
                  )}
                  <Typography.Text type="secondary">
                    {t('agencies.addedAt', { time: formatDateTime(hook.createdAt) })}
                  </Typography.Text>
                </Space>
              </div>
            </div>
          )}
        />
      )}
      {!adding && (
        <Button type="dashed" block icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginTop: 8 }}>
          {t('agencies.addWebhook')}
        </Button>
      )}
      {adding && (
        <Form<WebhookValues>
          form={form}
          layout="vertical"
          size="small"
          onFinish={(values) => add.mutate(values)}
          disabled={add.isPending}
          style={{ marginTop: 8, padding: 12, background: '#fafafa', borderRadius: 6 }}
        >
          {add.isError && <Alert type="error" showIcon title={errorMessage(add.error)} style={{ marginBottom: 8 }} />}
          <Form.Item
            name="url"
            label={t('agencies.webhookUrl')}
            rules={[{ required: true, whitespace: true, message: t('agencies.webhookUrlRequired') }]}
          >
            <Input placeholder="https://" maxLength={500} />
          </Form.Item>
          <Form.Item
            name="secret"
            label={t('agencies.webhookSecret')}
            extra={t('agencies.webhookSecretHint')}
            rules={[{ required: true, min: 16, max: 200, message: t('agencies.webhookSecretShort') }]}
          >
            <Input.Password autoComplete="new-password" maxLength={200} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={add.isPending}>
              {t('common.save')}
            </Button>
            <Button onClick={() => setAdding(false)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      )}
    </div>
  );
}

/** One agency: its names, place in the registry, contact people and (admins) webhooks. */
export function AgencyDrawer({
  agency,
  parentName,
  subunits,
  isAdmin,
  canAddContacts,
  onEdit,
  onClose,
  width,
}: {
  agency: RegistryAgency | null;
  parentName: string | null;
  subunits: { id: string; name: string }[];
  isAdmin: boolean;
  canAddContacts: boolean;
  onEdit: () => void;
  onClose: () => void;
  width: number | string;
}) {
  const { t } = useI18n();
  return (
    <Drawer
      open={Boolean(agency)}
      onClose={onClose}
      size={width}
      title={agency?.name}
      extra={
        isAdmin && agency ? (
          <Button icon={<EditOutlined />} onClick={onEdit}>
            {t('agencies.edit')}
          </Button>
        ) : undefined
      }
      destroyOnHidden
    >
      {agency && (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'fullName', label: t('agencies.fullName'), children: agency.fullName ?? '—' },
              { key: 'kind', label: t('agencies.kind'), children: kindLabel(t, agency.kind) },
              { key: 'parent', label: t('agencies.parent'), children: parentName ?? '—' },
              {
                key: 'children',
                label: t('agencies.children'),
                children: subunits.length > 0 ? subunits.map((unit) => unit.name).join('、') : '—',
              },
              {
                key: 'tasks',
                label: t('agencies.tasks'),
                children: <Link to={`/tasks?agencyId=${agency.id}`}>{t('agencies.openTasks')}</Link>,
              },
            ]}
          />
          <Divider titlePlacement="start">{t('agencies.aliases')}</Divider>
          <Aliases agency={agency} canEdit={isAdmin} />
          <Divider titlePlacement="start">{t('agencies.contacts')}</Divider>
          <Contacts agencyId={agency.id} canAdd={canAddContacts} />
          {isAdmin && (
            <>
              <Divider titlePlacement="start">{t('agencies.webhooks')}</Divider>
              <Webhooks agencyId={agency.id} />
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
