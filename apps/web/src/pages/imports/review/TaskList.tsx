import { WarningOutlined } from '@ant-design/icons';
import { Checkbox, Empty, Flex, Space, Tag, Tooltip, Typography } from 'antd';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useI18n } from '../../../i18n';
import type { Extraction, ExtractionWarning, ImportReview, TaskEdit, TaskField } from '../types';
import { type Focus } from './focus';
import {
  type DiffState,
  editFor,
  effectiveTask,
  type NameContext,
  type TaskRow,
  type TaskValues,
  documentAt,
  taskAt,
  warningsOf,
} from './model';
import { NameTag } from './OwnerSelect';
import { TaskEditor } from './TaskEditor';
import { WarningText } from './WarningsList';

function DiffTag({ state, fields }: { state: DiffState | undefined; fields?: TaskField[] }) {
  const { t } = useI18n();
  if (!state) return null;
  if (state.kind === 'added') return <Tag color="green">{t('review.diff.added')}</Tag>;
  if (state.kind === 'unchanged') return <Tag>{t('review.diff.unchanged')}</Tag>;
  return (
    <Tooltip title={(fields ?? []).map((field) => t(`review.field.${field}`)).join('、')}>
      <Tag color="orange">{t('review.diff.changed')}</Tag>
    </Tooltip>
  );
}

const NO_WARNINGS: ExtractionWarning[] = [];

interface ItemProps {
  row: TaskRow;
  edit: TaskEdit | undefined;
  selected: boolean;
  documentExcluded: boolean;
  state: DiffState | undefined;
  warnings: ExtractionWarning[];
  context: NameContext;
  options: { value: string; label: string }[];
  onFocus: (ref: string) => void;
  onEdit: (ref: string, edit: TaskEdit | undefined) => void;
  readOnly: boolean;
}

/** One proposed task: compact, or open for editing when selected (memoised: selecting re-renders two items). */
const TaskItem = memo(function TaskItem({
  row,
  edit,
  selected: isSelected,
  documentExcluded,
  state,
  warnings: own,
  context,
  options,
  onFocus,
  onEdit,
  readOnly,
}: ItemProps) {
  const { t } = useI18n();
  const values = effectiveTask(row.task, edit);
  const out = values.exclude || documentExcluded;
  const change = (next: TaskValues) => onEdit(row.ref, editFor(row.task, next));
  return (
    <div
      data-task={row.ref}
      onClick={() => onFocus(row.ref)}
      style={{
        border: `1px solid ${isSelected ? '#fa8c16' : '#f0f0f0'}`,
        boxShadow: isSelected ? '0 0 0 2px #fff1e6' : undefined,
        borderRadius: 6,
        padding: '8px 10px',
        marginBottom: 6,
        background: out ? '#fafafa' : '#fff',
        cursor: isSelected ? 'default' : 'pointer',
      }}
    >
      <Flex
        justify="space-between"
        align="flex-start"
        gap={8}
        role="button"
        tabIndex={0}
        aria-pressed={isSelected}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onFocus(row.ref);
          }
        }}
      >
        <div style={{ minWidth: 0 }}>
          <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
            {row.task.number}
          </Typography.Text>
          <Typography.Text strong={isSelected} delete={out}>
            {values.title}
          </Typography.Text>
        </div>
        <Space size={2} style={{ flexShrink: 0 }}>
          {own.length > 0 && (
            <Tooltip title={t('review.warningCount', { n: own.length })}>
              <WarningOutlined style={{ color: '#faad14' }} aria-label={t('review.warningCount', { n: own.length })} />
            </Tooltip>
          )}
          {edit && !readOnly && <Tag color="purple">{t('review.edited')}</Tag>}
          {out ? (
            <Tag>{t('review.excluded')}</Tag>
          ) : (
            <DiffTag state={state} fields={state?.kind === 'changed' ? state.fields : undefined} />
          )}
        </Space>
      </Flex>
      {!isSelected && (
        <Flex gap={4} wrap align="center" style={{ marginTop: 4, fontSize: 12 }}>
          {values.lead.length === 0 && values.co.length === 0 ? (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('review.noOwners')}
            </Typography.Text>
          ) : (
            <>
              {values.lead.map((name) => (
                <NameTag key={`l-${name}`} name={name} context={context} lead />
              ))}
              {values.co.map((name) => (
                <NameTag key={`c-${name}`} name={name} context={context} />
              ))}
            </>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 'auto' }}>
            {t('review.deadline')}
            {t('common.colon')}
            {deadlineLabel(values, t)}
          </Typography.Text>
        </Flex>
      )}
      {isSelected && (
        <TaskEditor
          refKey={row.ref}
          task={row.task}
          values={values}
          edited={Boolean(edit)}
          onChange={change}
          onReset={() => onEdit(row.ref, undefined)}
          options={options}
          context={context}
          warnings={own}
          changed={state?.kind === 'changed' ? { taskId: state.taskId, fields: state.fields } : null}
          readOnly={readOnly}
        />
      )}
    </div>
  );
});

interface Props {
  extraction: Extraction;
  rows: TaskRow[];
  review: ImportReview;
  diff: Map<string, DiffState>;
  /** Documents that are new versions of one in the ledger (their tasks show added / changed / unchanged). */
  versions: ReadonlySet<number>;
  context: NameContext;
  options: { value: string; label: string }[];
  focus: Focus | null;
  onFocus: (ref: string) => void;
  onEdit: (ref: string, edit: TaskEdit | undefined) => void;
  onExcludeDocument: (index: number, excluded: boolean) => void;
  readOnly: boolean;
  height: string | number;
}

function deadlineLabel(values: TaskValues, t: ReturnType<typeof useI18n>['t']) {
  if (values.ongoing) return t('ledger.ongoing');
  return values.deadlineDate ?? t('ledger.noDeadline');
}

/** The proposed tasks, document by document; the selected one opens for editing. */
export const TaskList = memo(function TaskList({
  extraction,
  rows,
  review,
  diff,
  versions,
  context,
  options,
  focus,
  onFocus,
  onEdit,
  onExcludeDocument,
  readOnly,
  height,
}: Props) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const selected = focus?.ref ?? null;
  const excludedDocuments = new Set(review.excludedDocuments ?? []);
  const warningsByRef = useMemo(
    () => new Map(rows.map((row) => [row.ref, warningsOf(row.task.span, extraction.warnings)])),
    [extraction.warnings, rows],
  );
  // Warnings about a whole document (no task holds them) show on its heading.
  const documentWarnings = useMemo(() => {
    const byDocument = new Map<number, ExtractionWarning[]>();
    for (const warning of extraction.warnings) {
      if (taskAt(warning.span, rows)) continue;
      const index = documentAt(warning.span, extraction);
      byDocument.set(index, [...(byDocument.get(index) ?? []), warning]);
    }
    return byDocument;
  }, [extraction, rows]);

  useEffect(() => {
    if (!focus || focus.from === 'list' || !box.current) return;
    const item = box.current.querySelector<HTMLElement>(`[data-task="${focus.ref}"]`);
    if (!item) return;
    // The document's heading sticks to the top: the task goes just below it.
    const heading = item.closest('section')?.querySelector<HTMLElement>('[data-document-heading]');
    const top = Math.max(0, item.offsetTop - (heading?.offsetHeight ?? 0) - 8);
    const far = Math.abs(top - box.current.scrollTop) > box.current.clientHeight * 2;
    box.current.scrollTo({ top, behavior: far ? 'auto' : 'smooth' });
  }, [focus]);

  if (rows.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.noTasks')} />;
  }

  return (
    <div ref={box} style={{ position: 'relative', height, overflow: 'auto', paddingInlineEnd: 4 }}>
      {extraction.documents.map((document, documentIndex) => {
        const documentRows = rows.filter((row) => row.documentIndex === documentIndex);
        const documentExcluded = excludedDocuments.has(documentIndex);
        return (
          <section key={documentIndex} style={{ marginBottom: 16 }}>
            <div
              data-document-heading
              style={{
                position: 'sticky',
                top: 0,
                zIndex: 2,
                background: '#fafafa',
                border: '1px solid #f0f0f0',
                borderRadius: 6,
                padding: '6px 10px',
                marginBottom: 6,
              }}
            >
              <Flex justify="space-between" align="center" gap={8} wrap>
                <div style={{ minWidth: 0, flex: '1 1 240px' }}>
                  <Typography.Text strong delete={documentExcluded} ellipsis={{ tooltip: document.title }}>
                    {document.title || t('review.untitled')}
                  </Typography.Text>
                  <div>
                    <Space size={4} wrap>
                      {document.docNumber && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {document.docNumber}
                        </Typography.Text>
                      )}
                      <Tag color={versions.has(documentIndex) ? 'orange' : 'green'} style={{ fontSize: 11 }}>
                        {versions.has(documentIndex) ? t('review.newVersion') : t('review.newDocument')}
                      </Tag>
                      {documentWarnings.has(documentIndex) && (
                        <Tooltip
                          title={(documentWarnings.get(documentIndex) ?? []).map((warning, index) => (
                            <div key={index}>
                              <WarningText warning={warning} />
                            </div>
                          ))}
                        >
                          <WarningOutlined
                            style={{ color: '#faad14' }}
                            aria-label={t('review.warningCount', {
                              n: documentWarnings.get(documentIndex)?.length ?? 0,
                            })}
                          />
                        </Tooltip>
                      )}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('review.taskCount', { n: documentRows.length })}
                        {document.cases.length > 0 ? ` · ${t('review.caseCount', { n: document.cases.length })}` : ''}
                      </Typography.Text>
                    </Space>
                  </div>
                </div>
                <Checkbox
                  checked={!documentExcluded}
                  disabled={readOnly}
                  onChange={(event) => onExcludeDocument(documentIndex, !event.target.checked)}
                >
                  {t('review.includeDocument')}
                </Checkbox>
              </Flex>
            </div>
            {documentRows.length === 0 && (
              <Typography.Text type="secondary" style={{ paddingInline: 10 }}>
                {t('review.noTasksInDocument')}
              </Typography.Text>
            )}
            {documentRows.map((row) => (
              <TaskItem
                key={row.ref}
                row={row}
                edit={review.tasks?.[row.ref]}
                selected={row.ref === selected}
                documentExcluded={documentExcluded}
                state={versions.has(documentIndex) ? diff.get(row.ref) : undefined}
                warnings={warningsByRef.get(row.ref) ?? NO_WARNINGS}
                context={context}
                options={options}
                onFocus={onFocus}
                onEdit={onEdit}
                readOnly={readOnly}
              />
            ))}
          </section>
        );
      })}
    </div>
  );
});
