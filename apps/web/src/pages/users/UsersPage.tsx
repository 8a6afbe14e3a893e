import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { keys, useAgencies, useAgencyNames, useMe } from '../../lib/queries';
import { type Role, ROLES, type User } from '../../lib/types';

const ROLE_COLORS: Record<Role, string> = { admin: 'red', coordinator: 'blue', supervisor: 'purple', agency: 'cyan' };

interface Values {
  email?: string;
  displayName: string;
  password?: string;
  role: Role;
  agencyId?: string;
}

/** Create (no user) or edit one: name, role, the agency of an agency officer, a new password. */
function UserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const agencies = useAgencies();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const self = user?.id === me?.id;

  const write = useMutation({
    mutationFn: (values: Values) => {
      const agencyId = values.role === 'agency' ? (values.agencyId ?? null) : null;
      if (!user) {
        return api<User>('/api/users', {
          method: 'POST',
          body: {
            email: values.email?.trim(),
            displayName: values.displayName.trim(),
            password: values.password,
            role: values.role,
            ...(agencyId ? { agencyId } : {}),
          },
        });
      }
      return api<User>(`/api/users/${user.id}`, {
        method: 'PATCH',
        body: {
          displayName: values.displayName.trim(),
          ...(self ? {} : { role: values.role }),
          agencyId,
          ...(values.password ? { password: values.password } : {}),
        },
      });
    },
    onSuccess: async () => {
      void message.success(user ? t('users.saved') : t('users.created'));
      await queryClient.invalidateQueries({ queryKey: keys.users });
      if (self) await queryClient.invalidateQueries({ queryKey: keys.me });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.create')}
      okText={user ? t('common.save') : t('users.create')}
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
          user
            ? { displayName: user.displayName, role: user.role, agencyId: user.agencyId ?? undefined }
            : { role: 'agency' }
        }
        onFinish={(values) => write.mutate(values)}
        disabled={write.isPending}
      >
        {!user && (
          <Form.Item
            name="email"
            label={t('users.email')}
            rules={[
              { required: true, message: t('auth.emailRequired') },
              { type: 'email', message: t('auth.emailInvalid') },
            ]}
          >
            <Input autoComplete="off" maxLength={254} />
          </Form.Item>
        )}
        {user && (
          <Form.Item label={t('users.email')}>
            <Typography.Text>{user.email}</Typography.Text>
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('users.name')}
          rules={[{ required: true, whitespace: true, message: t('users.nameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} extra={self ? t('users.selfRole') : undefined}>
          <Select disabled={self} options={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))} />
        </Form.Item>
        {role === 'agency' && (
          <Form.Item
            name="agencyId"
            label={t('users.agency')}
            rules={[{ required: true, message: t('users.agencyRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={agencies.isLoading}
              placeholder={t('agency.choose')}
              options={(agencies.data ?? []).map((agency) => ({ value: agency.id, label: agency.name }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="password"
          label={user ? t('users.newPassword') : t('users.password')}
          extra={t('users.passwordHint')}
          rules={[
            ...(user ? [] : [{ required: true, message: t('auth.passwordRequired') }]),
            { min: 10, message: t('users.passwordShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 用户 (admins): who may sign in, in which role and agency; deactivate instead of delete. */
export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const agencyNames = useAgencyNames();
  const phone = Grid.useBreakpoint().md === false;
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [text, setText] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [active, setActive] = useState<'all' | 'active' | 'inactive'>('all');

  const list = useQuery({
    queryKey: keys.users,
    queryFn: ({ signal }) => api<User[]>('/api/users', { signal }),
  });

  const setActiveState = useMutation({
    mutationFn: ({ user, isActive }: { user: User; isActive: boolean }) =>
      api<User>(`/api/users/${user.id}`, { method: 'PATCH', body: { isActive } }),
    onSuccess: async (user) => {
      void message.success(user.isActive ? t('users.reactivated') : t('users.deactivated'));
      await queryClient.invalidateQueries({ queryKey: keys.users });
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (list.data ?? []).filter(
      (user) =>
        (!needle ||
          user.displayName.toLowerCase().includes(needle) ||
          user.email.includes(needle) ||
          (user.agencyId && agencyNames.get(user.agencyId)?.includes(needle))) &&
        (roles.length === 0 || roles.includes(user.role)) &&
        (active === 'all' || user.isActive === (active === 'active')),
    );
  }, [active, agencyNames, list.data, roles, text]);

  const columns: TableColumnsType<User> = [
    {
      key: 'name',
      title: t('users.name'),
      render: (_, user) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong={user.isActive} type={user.isActive ? undefined : 'secondary'}>
            {user.displayName}
          </Typography.Text>
          {user.id === me?.id && <Tag style={{ marginInlineStart: 6 }}>{t('common.me')}</Tag>}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {user.email}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'role',
      title: t('users.role'),
      width: 170,
      render: (_, user) => (
        <div>
          <Tag color={ROLE_COLORS[user.role]}>{t(`role.${user.role}`)}</Tag>
          {user.agencyId && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {agencyNames.get(user.agencyId) ?? '—'}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      key: 'state',
      title: t('users.state'),
      width: 90,
      render: (_, user) =>
        user.isActive ? <Tag color="success">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>,
    },
    {
      key: 'login',
      title: t('users.lastLogin'),
      width: 150,
      responsive: ['lg'],
      render: (_, user) => (user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('users.never')),
    },
    {
      key: 'actions',
      title: t('users.actions'),
      width: phone ? 120 : 180,
      render: (_, user) => (
        <Space size={4} wrap>
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(user)}>
            {t('users.edit')}
          </Button>
          {user.id !== me?.id &&
            (user.isActive ? (
              <Popconfirm
                title={t('users.deactivateTitle', { name: user.displayName })}
                description={t('users.deactivateBody')}
                okText={t('users.deactivate')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => setActiveState.mutate({ user, isActive: false })}
              >
                <Button
                  size="small"
                  danger
                  loading={setActiveState.isPending && setActiveState.variables?.user.id === user.id}
                >
                  {t('users.deactivate')}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                size="small"
                loading={setActiveState.isPending && setActiveState.variables?.user.id === user.id}
                onClick={() => setActiveState.mutate({ user, isActive: true })}
              >
                {t('users.reactivate')}
              </Button>
            ))}
        </Space>
      ),
    },
  ];

  const tools = (
    <Space wrap>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
        {t('users.create')}
      </Button>
      <Tooltip title={t('common.refresh')}>
        <Button
          icon={<ReloadOutlined />}
          aria-label={t('common.refresh')}
          onClick={() => void list.refetch()}
          loading={list.isFetching && !list.isPending}
        />
      </Tooltip>
    </Space>
  );

  return (
    <Card title={t('users.title')} extra={phone ? undefined : tools}>
      {phone && <div style={{ marginBottom: 12 }}>{tools}</div>}
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('users.search')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          style={{ width: phone ? '100%' : 260 }}
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('users.role')}
          value={roles}
          onChange={setRoles}
          options={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))}
          style={{ width: phone ? '100%' : 200 }}
        />
        <Select
          value={active}
          onChange={setActive}
          options={[
            { value: 'all', label: `${t('users.state')}: ${t('common.all')}` },
            { value: 'active', label: t('users.active') },
            { value: 'inactive', label: t('users.inactive') },
          ]}
          style={{ width: phone ? '100%' : 140 }}
        />
      </Flex>
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <Table<User>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          tableLayout="fixed"
          scroll={{ x: phone ? 560 : undefined }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.empty')} /> }}
          pagination={{
            defaultPageSize: 20,
            showSizeChanger: true,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { n: total }),
          }}
        />
      )}
      {editing && <UserModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

export { UsersPage as Component };
