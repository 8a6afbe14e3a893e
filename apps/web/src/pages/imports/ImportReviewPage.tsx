import { CheckOutlined, CloseOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Breadcrumb,
  Button,
  Card,
  Col,
  Flex,
  Grid,
  Popconfirm,
  Progress,
  Result,
  Row,
  Skeleton,
  Space,
  Tabs,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate, useParams } from 'react-router';
import { ApiError, api, errorMessage } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { useI18n } from '../../i18n';
import { formatBytes, formatDateTime } from '../../lib/format';
import { keys, useAgencies } from '../../lib/queries';
import type { RegistryAgency } from '../agencies/types';
import { ImportStatusTag } from './ImportStatusTag';
import { AgencyMappings } from './review/AgencyMappings';
import { DiffPanel } from './review/DiffPanel';
import type { Focus } from './review/focus';
import {
  diffStates,
  documentAt,
  effectiveTask,
  type NameContext,
  namesToMap,
  taskAt,
  taskRows,
  withDocumentExcluded,
  withTaskEdit,
} from './review/model';
import { SourceText } from './review/SourceText';
import { TaskList } from './review/TaskList';
import { WarningsList } from './review/WarningsList';
import {
  type CommitSummary,
  type ImportJob,
  importKeys,
  type ImportPlan,
  type ImportReview,
  type ImportReviewView,
  type TaskEdit,
  WAITING_STATUSES,
} from './types';
import { useImportJob } from './useImportJob';

const UNMAPPED = 'IMPORT.UNMAPPED_AGENCIES';

/** The upload is still with the worker: its progress, polled. */
function Waiting({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  const live = useImportJob(job.id, job).data ?? job;
  return (
    <Result
      icon={<Progress type="circle" percent={live.progress} size={96} />}
      title={t('imports.extracting')}
      subTitle={t('imports.extractingHint')}
    />
  );
}

/** What the commit wrote, with the way to the ledger. */
function Committed({ summary }: { summary: CommitSummary }) {
  const { t } = useI18n();
  return (
    <Result
      status="success"
      title={t('review.committed')}
      subTitle={
        <div>
          {summary.documents.map((document) => (
            <div key={document.id}>
              <Link to={`/tasks?documentId=${document.id}`}>{document.title || t('review.untitled')}</Link>
              {'：'}
              {document.created
                ? t('review.committedNew', { n: document.added })
                : t('review.committedVersion', {
                    added: document.added,
                    changed: document.changed,
                    removed: document.removed,
                  })}
            </div>
          ))}
          {summary.unresolvedAgencies.length > 0 && (
            <Typography.Text type="warning">
              {t('review.unresolved', { names: summary.unresolvedAgencies.join('、') })}
            </Typography.Text>
          )}
        </div>
      }
      extra={[
        <Link key="ledger" to={summary.documents[0] ? `/tasks?documentId=${summary.documents[0].id}` : '/tasks'}>
          <Button type="primary">{t('review.toLedger')}</Button>
        </Link>,
        <Link key="imports" to="/imports">
          <Button>{t('review.backToImports')}</Button>
        </Link>,
      ]}
    />
  );
}

/**
 * 审核: the source text with the extracted tasks highlighted beside the proposed tasks, their
 * owners and deadlines (editable), the agency names to map, the warnings and — for a new
 * version of a document in the ledger — what changes; then commit or reject.
 */
export function ImportReviewPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = screens.lg === false;
  const agencies = useAgencies();
  const [draft, setDraft] = useState<ImportReview | null>(null);
  const [focus, setFocus] = useState<Focus | null>(null);
  const [tab, setTab] = useState('tasks');
  const [summary, setSummary] = useState<CommitSummary | null>(null);
  // Set once the review is rejected: the way back to the list must not ask about unsaved changes.
  const leaving = useRef(false);

  const view = useQuery({
    queryKey: importKeys.review(id),
    queryFn: ({ signal }) => api<ImportReviewView>(`/api/imports/${id}/review`, { signal }),
    staleTime: Infinity,
  });
  const data = view.data;
  const review = useMemo(() => draft ?? data?.review ?? {}, [data?.review, draft]);
  const plan = data?.plan ?? null;
  const extraction = data?.extraction ?? null;
  const editable = data?.status === 'review' && !summary;
  const dirty = draft !== null;

  const rows = useMemo(() => (extraction ? taskRows(extraction) : []), [extraction]);
  const titles = useMemo(() => new Map(rows.map((row) => [row.ref, `${row.task.number} ${row.task.title}`])), [rows]);
  const excluded = useMemo(() => {
    const documents = new Set(review.excludedDocuments ?? []);
    return new Set(
      rows.filter((row) => documents.has(row.documentIndex) || review.tasks?.[row.ref]?.exclude).map((row) => row.ref),
    );
  }, [review, rows]);
  const diff = useMemo(() => diffStates(plan), [plan]);
  const versions = useMemo(
    () => new Set((plan?.documents ?? []).filter((document) => document.existingDocumentId).map((d) => d.index)),
    [plan],
  );
  const registry = agencies.data as RegistryAgency[] | undefined;
  const context = useMemo<NameContext>(() => {
    const known = new Set<string>();
    for (const agency of registry ?? []) {
      known.add(agency.name);
      for (const alias of agency.aliases ?? []) known.add(alias.alias);
    }
    return {
      registry: known,
      printed: extraction?.agencies ?? {},
      unknown: new Set(plan?.unknownAgencies ?? []),
      mappings: review.agencyMappings ?? {},
    };
  }, [extraction, plan, registry, review.agencyMappings]);
  const ownerOptions = useMemo(() => {
    const names = new Set<string>((registry ?? []).map((agency) => agency.name));
    for (const name of Object.keys(extraction?.agencies ?? {})) names.add(name);
    return [...names].sort((a, b) => a.localeCompare(b, 'zh-CN')).map((name) => ({ value: name, label: name }));
  }, [extraction, registry]);
  const names = useMemo(() => namesToMap(plan, review), [plan, review]);
  const undecided = names.filter((name) => !review.agencyMappings?.[name]).length;

  const usesOf = useCallback(
    (name: string) =>
      rows
        .filter((row) => !excluded.has(row.ref))
        .filter((row) => {
          const values = effectiveTask(row.task, review.tasks?.[row.ref]);
          return values.lead.includes(name) || values.co.includes(name);
        })
        .map((row) => row.ref),
    [excluded, review.tasks, rows],
  );

  // Edits apply to the latest draft (or the saved review), so the task items' callbacks stay the same.
  const saved = data?.review;
  const editTask = useCallback(
    (ref: string, edit: TaskEdit | undefined) => setDraft((current) => withTaskEdit(current ?? saved ?? {}, ref, edit)),
    [saved],
  );
  const excludeDocument = useCallback(
    (index: number, excluded: boolean) =>
      setDraft((current) => withDocumentExcluded(current ?? saved ?? {}, index, excluded)),
    [saved],
  );

  const select = useCallback((ref: string, from: Focus['from']) => {
    setFocus((previous) => ({ ref, from, n: (previous?.n ?? 0) + 1 }));
  }, []);
  const fromSource = useCallback(
    (ref: string) => {
      select(ref, 'source');
      setTab('tasks');
    },
    [select],
  );
  const fromList = useCallback((ref: string) => select(ref, 'list'), [select]);
  const showTask = useCallback(
    (ref: string) => {
      select(ref, 'elsewhere');
      setTab(phone ? 'source' : 'tasks');
    },
    [phone, select],
  );

  const save = useMutation({
    mutationFn: (body: ImportReview) =>
      api<{ plan: ImportPlan }>(`/api/imports/${id}/review`, {
        method: 'PUT',
        body: {
          tasks: body.tasks ?? {},
          excludedDocuments: body.excludedDocuments ?? [],
          agencyMappings: body.agencyMappings ?? {},
        },
      }),
    onSuccess: (result, body) => {
      queryClient.setQueryData<ImportReviewView>(importKeys.review(id), (old) =>
        old ? { ...old, plan: result.plan, review: body } : old,
      );
      setDraft((current) => (current === body ? null : current));
    },
  });

  const commit = useMutation({
    mutationFn: async () => {
      if (draft) await save.mutateAsync(draft);
      return api<CommitSummary>(`/api/imports/${id}/commit`, { method: 'POST' });
    },
    onSuccess: async (result) => {
      setSummary(result);
      void message.success(t('review.committed'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: importKeys.all }),
        queryClient.invalidateQueries({ queryKey: keys.tasks }),
        queryClient.invalidateQueries({ queryKey: keys.documents }),
        queryClient.invalidateQueries({ queryKey: keys.agencies }),
      ]);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === UNMAPPED) setTab('agencies');
    },
  });

  const reject = useMutation({
    mutationFn: () => api<ImportJob>(`/api/imports/${id}/reject`, { method: 'POST' }),
    onSuccess: async () => {
      leaving.current = true;
      setDraft(null);
      void message.success(t('review.rejected'));
      await queryClient.invalidateQueries({ queryKey: importKeys.all });
      navigate('/imports');
    },
  });

  // Unsaved decisions are not lost by leaving the page unawares.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('review.leaveTitle'),
      content: t('review.leaveBody'),
      okText: t('review.leave'),
      cancelText: t('review.stay'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);

  const breadcrumb = (
    <Breadcrumb
      style={{ marginBottom: 16 }}
      items={[{ title: <Link to="/imports">{t('nav.imports')}</Link> }, { title: data?.fileName ?? '…' }]}
    />
  );

  if (view.isPending) {
    return (
      <>
        {breadcrumb}
        <Card>
          <Skeleton active paragraph={{ rows: 12 }} />
        </Card>
      </>
    );
  }
  if (view.isError) {
    return (
      <>
        {breadcrumb}
        <Card>
          <ErrorState error={view.error} notFound={t('imports.notFound')} onRetry={() => void view.refetch()} />
        </Card>
      </>
    );
  }
  if (!data) return null;
  if (WAITING_STATUSES.includes(data.status)) {
    return (
      <>
        {breadcrumb}
        <Card>
          <Waiting job={data} />
        </Card>
      </>
    );
  }
  if (summary) {
    return (
      <>
        {breadcrumb}
        <Card>
          <Committed summary={summary} />
        </Card>
      </>
    );
  }
  if (data.status === 'failed' || data.status === 'duplicate' || !extraction) {
    return (
      <>
        {breadcrumb}
        <Card>
          <Result
            status={data.status === 'failed' ? 'error' : 'info'}
            title={`${data.fileName} · ${t(`imports.status.${data.status}`)}`}
            subTitle={
              data.status === 'failed'
                ? (data.error?.message ?? t('imports.failed'))
                : data.status === 'duplicate'
                  ? t('imports.duplicateHint')
                  : t('review.noExtraction')
            }
            extra={
              <Link to="/imports">
                <Button>{t('review.backToImports')}</Button>
              </Link>
            }
          />
        </Card>
      </>
    );
  }

  const included = (plan?.documents ?? []).filter((document) => !document.excluded);
  const taskCount = included.reduce((sum, document) => sum + document.taskCount, 0);
  const height = phone ? '60vh' : 'max(360px, calc(100vh - 330px))';
  const writing = save.isPending || commit.isPending || reject.isPending;
  const writeError = save.error ?? commit.error ?? reject.error;

  const source = (
    <SourceText
      text={data.text ?? ''}
      rows={rows}
      titles={titles}
      excluded={excluded}
      focus={focus}
      onSelect={fromSource}
      height={height}
    />
  );
  const tabs = [
    ...(phone ? [{ key: 'source', label: t('review.source'), children: source }] : []),
    {
      key: 'tasks',
      label: `${t('review.tasks')} ${rows.length}`,
      children: (
        <TaskList
          extraction={extraction}
          rows={rows}
          review={review}
          diff={diff}
          versions={versions}
          context={context}
          options={ownerOptions}
          focus={focus}
          onFocus={fromList}
          onEdit={editTask}
          onExcludeDocument={excludeDocument}
          readOnly={!editable}
          height={height}
        />
      ),
    },
    {
      key: 'agencies',
      label: (
        <Space size={4}>
          {t('review.agencies')}
          {names.length > 0 && (
            <Badge count={undecided} showZero color={undecided > 0 ? '#fa8c16' : '#52c41a'} size="small" />
          )}
        </Space>
      ),
      children: (
        <div style={{ height, overflow: 'auto' }}>
          <AgencyMappings
            names={names}
            review={review}
            usesOf={usesOf}
            agencies={registry ?? []}
            onChange={setDraft}
            onShow={showTask}
            readOnly={!editable}
          />
        </div>
      ),
    },
    {
      key: 'warnings',
      label: `${t('review.warnings')} ${extraction.warnings.length}`,
      children: (
        <div style={{ height, overflow: 'auto' }}>
          <WarningsList
            warnings={extraction.warnings}
            labelOf={(warning) => {
              const row = taskAt(warning.span, rows);
              if (row) return `${row.task.number} ${row.task.title}`;
              const document = extraction.documents[documentAt(warning.span, extraction)];
              return document ? document.title || t('review.untitled') : null;
            }}
            onOpen={(warning) => {
              const documentIndex = documentAt(warning.span, extraction);
              const row = taskAt(warning.span, rows) ?? rows.find((item) => item.documentIndex === documentIndex);
              if (row) showTask(row.ref);
            }}
          />
        </div>
      ),
    },
    {
      key: 'diff',
      label: versions.size > 0 ? <Badge dot>{t('review.diff')}</Badge> : t('review.diff'),
      children: (
        <div style={{ height, overflow: 'auto' }}>
          <DiffPanel plan={plan} onShow={showTask} />
        </div>
      ),
    },
  ];

  return (
    <>
      {breadcrumb}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex justify="space-between" align="flex-start" gap={12} wrap>
          <div style={{ minWidth: 0, flex: '1 1 320px' }}>
            <Space size={8} wrap>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {data.fileName}
              </Typography.Title>
              <ImportStatusTag status={data.status} />
              {dirty && <Typography.Text type="warning">{t('review.unsaved')}</Typography.Text>}
            </Space>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('review.meta', {
                  documents: included.length,
                  tasks: taskCount,
                  warnings: extraction.warnings.length,
                  size: formatBytes(data.byteSize),
                  time: formatDateTime(data.createdAt),
                })}
                {data.committedAt ? ` · ${t('review.committedAt', { time: formatDateTime(data.committedAt) })}` : ''}
              </Typography.Text>
            </div>
          </div>
          {editable && (
            <Space wrap>
              <Button
                icon={<SaveOutlined />}
                disabled={!dirty || writing}
                loading={save.isPending && !commit.isPending}
                onClick={() => draft && save.mutate(draft)}
              >
                {t('review.save')}
              </Button>
              <Popconfirm
                title={t('review.rejectTitle')}
                description={t('review.rejectBody')}
                okText={t('review.reject')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => reject.mutate()}
              >
                <Button danger icon={<CloseOutlined />} disabled={writing} loading={reject.isPending}>
                  {t('review.reject')}
                </Button>
              </Popconfirm>
              <Popconfirm
                title={t('review.commitTitle')}
                description={t('review.commitBody', { n: taskCount })}
                okText={t('review.commit')}
                cancelText={t('common.cancel')}
                onConfirm={() => commit.mutate()}
              >
                <Button type="primary" icon={<CheckOutlined />} disabled={writing} loading={commit.isPending}>
                  {t('review.commit')}
                </Button>
              </Popconfirm>
            </Space>
          )}
        </Flex>
        {writeError && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(writeError)}
            style={{ marginTop: 12 }}
            closable={{
              onClose: () => {
                save.reset();
                commit.reset();
                reject.reset();
              },
            }}
          />
        )}
        {editable && undecided > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={t('review.unknownAlert', { n: undecided })}
            action={
              <Button size="small" onClick={() => setTab('agencies')}>
                {t('review.mapNow')}
              </Button>
            }
          />
        )}
        {!editable && (
          <Alert type="info" showIcon style={{ marginTop: 12 }} title={t(`review.readOnly.${data.status}`)} />
        )}
      </Card>
      {phone ? (
        <Card size="small" styles={{ body: { paddingTop: 0 } }}>
          <Tabs activeKey={tab} onChange={setTab} items={tabs} size="small" />
        </Card>
      ) : (
        <Row gutter={12}>
          <Col span={12}>
            <Card size="small" title={t('review.source')} styles={{ body: { paddingBlock: 8 } }}>
              {source}
            </Card>
          </Col>
          <Col span={12}>
            <Card size="small" styles={{ body: { paddingTop: 0 } }}>
              <Tabs activeKey={tab} onChange={setTab} items={tabs} size="small" />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}

export { ImportReviewPage as Component };
