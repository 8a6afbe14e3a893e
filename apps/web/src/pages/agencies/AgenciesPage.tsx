import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  Input,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { useI18n } from '../../i18n';
import { useAgencies, useAgencyNames, useMe } from '../../lib/queries';
import { AgencyDrawer } from './AgencyDrawer';
import { AgencyFormModal } from './AgencyFormModal';
import { AGENCY_KINDS, type AgencyKind, agencyKeys, kindLabel, type RegistryAgency } from './types';

const KIND_COLORS: Record<AgencyKind, string> = {
  municipal_bureau: 'blue',
  district_government: 'green',
  central_unit: 'purple',
  committee: 'cyan',
  enterprise: 'orange',
  other: 'default',
};

/** 单位: the registry the importer resolves printed names against, with contacts and webhooks. */
export function AgenciesPage() {
  const { t } = useI18n();
  const me = useMe().data;
  const isAdmin = me?.role === 'admin';
  const names = useAgencyNames();
  const registry = useAgencies();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [search, setSearch] = useSearchParams();
  const q = search.get('q')?.trim().slice(0, 60) ?? '';
  const kinds = (search.get('kind') ?? '')
    .split(',')
    .filter((kind): kind is AgencyKind => (AGENCY_KINDS as readonly string[]).includes(kind));
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [editing, setEditing] = useState<RegistryAgency | 'new' | null>(null);

  // The registry is filtered by name on the server (?q=); the API answers the whole list, not pages.
  const list = useQuery({
    queryKey: agencyKeys.search(q),
    queryFn: ({ signal }) => api<RegistryAgency[]>('/api/agencies', { query: { q: q || undefined }, signal }),
    placeholderData: keepPreviousData,
  });

  const update = (next: { q?: string; kind?: AgencyKind[] }) => {
    const params = new URLSearchParams(search);
    if (next.q !== undefined) {
      if (next.q) params.set('q', next.q);
      else params.delete('q');
    }
    if (next.kind !== undefined) {
      if (next.kind.length) params.set('kind', next.kind.join(','));
      else params.delete('kind');
    }
    setSearch(params, { replace: true });
  };

  const rows = useMemo(
    () => (list.data ?? []).filter((agency) => kinds.length === 0 || kinds.includes(agency.kind as AgencyKind)),
    [kinds, list.data],
  );
  const open = list.data?.find((agency) => agency.id === openId) ?? null;
  const subunitsOf = (id: string) => (registry.data ?? []).filter((agency) => agency.parentId === id);

  const columns: TableColumnsType<RegistryAgency> = [
    {
      key: 'name',
      title: t('agencies.name'),
      width: 220,
      render: (_, agency) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Link onClick={() => setOpenId(agency.id)}>{agency.name}</Typography.Link>
          {agency.fullName && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: agency.fullName }}>
                {agency.fullName}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      key: 'kind',
      title: t('agencies.kind'),
      width: 120,
      render: (_, agency) => (
        <Tag color={KIND_COLORS[agency.kind as AgencyKind]} style={{ marginInlineEnd: 0 }}>
          {kindLabel(t, agency.kind)}
        </Tag>
      ),
    },
    {
      key: 'parent',
      title: t('agencies.parent'),
      width: 140,
      responsive: ['lg'],
      render: (_, agency) =>
        agency.parentId ? (names.get(agency.parentId) ?? '—') : <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'aliases',
      title: t('agencies.aliases'),
      responsive: ['md'],
      render: (_, agency) =>
        agency.aliases.length > 0 ? (
          <Flex wrap gap={4}>
            {agency.aliases.map((alias) => (
              <Tag key={alias.id} style={{ marginInlineEnd: 0 }}>
                {alias.alias}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t('agencies.actions'),
      width: isAdmin ? 150 : 90,
      render: (_, agency) => (
        <Space size={4}>
          <Button size="small" onClick={() => setOpenId(agency.id)}>
            {t('agencies.details')}
          </Button>
          {isAdmin && (
            <Tooltip title={t('agencies.edit')}>
              <Button
                size="small"
                icon={<EditOutlined />}
                aria-label={t('agencies.edit')}
                onClick={() => setEditing(agency)}
              />
            </Tooltip>
          )}
        </Space>
      ),
    },
  ];

  const tools = (
    <Space wrap>
      {isAdmin && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('agencies.create')}
        </Button>
      )}
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
    <Card title={t('agencies.title')} extra={phone ? undefined : tools}>
      {phone && <div style={{ marginBottom: 12 }}>{tools}</div>}
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('agencies.search')}
          value={text}
          maxLength={60}
          onChange={(event) => {
            setText(event.target.value);
            if (!event.target.value && q) update({ q: '' });
          }}
          onSearch={(value) => update({ q: value.trim() })}
          style={{ width: phone ? '100%' : 260 }}
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('agencies.kind')}
          value={kinds}
          onChange={(kind: AgencyKind[]) => update({ kind })}
          options={AGENCY_KINDS.map((kind) => ({ value: kind, label: t(`agencyKind.${kind}`) }))}
          style={{ width: phone ? '100%' : 220 }}
        />
      </Flex>
      {!isAdmin && <Alert type="info" showIcon title={t('agencies.adminOnly')} style={{ marginBottom: 12 }} />}
      {list.isError && list.data && (
        <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />
      )}
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Table<RegistryAgency>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching && list.isPlaceholderData}
          tableLayout="fixed"
          scroll={{ x: phone ? 440 : undefined }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('agencies.empty')} /> }}
          pagination={{
            defaultPageSize: 20,
            showSizeChanger: true,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { n: total }),
          }}
        />
      )}
      <AgencyDrawer
        agency={open}
        parentName={open?.parentId ? (names.get(open.parentId) ?? null) : null}
        subunits={open ? subunitsOf(open.id) : []}
        isAdmin={isAdmin}
        canAddContacts={me?.role === 'admin' || me?.role === 'coordinator'}
        onEdit={() => open && setEditing(open)}
        onClose={() => setOpenId(null)}
        width={phone ? '100%' : 520}
      />
      {editing && <AgencyFormModal agency={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

export { AgenciesPage as Component };
