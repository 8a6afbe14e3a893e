import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, DatePicker, Descriptions, Flex, Input, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { api, errorMessage } from '../../../api';
import { useI18n } from '../../../i18n';
import { keys } from '../../../lib/queries';
import type { TaskDetail } from '../../../lib/types';
import type { ExtractedTask, ExtractionWarning, TaskField } from '../types';
import { type NameContext, type TaskValues } from './model';
import { NameTag, OwnerSelect } from './OwnerSelect';
import { WarningText } from './WarningsList';

/** The task as the ledger holds it now, beside what the new version of the document says. */
function LedgerCompare({ taskId, fields, values }: { taskId: string; fields: TaskField[]; values: TaskValues }) {
  const { t } = useI18n();
  const current = useQuery({
    queryKey: keys.task(taskId),
    queryFn: ({ signal }) => api<TaskDetail>(`/api/tasks/${taskId}`, { signal }),
  });
  if (current.isPending) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  if (current.isError) return <Alert type="warning" showIcon title={errorMessage(current.error)} />;
  const task = current.data;
  const deadline = (ongoing: boolean, date: string | null) =>
    ongoing ? t('ledger.ongoing') : (date ?? t('ledger.noDeadline'));
  const names = (list: { agency: string }[]) => list.map((a) => a.agency).join('、') || '—';
  const items = [
    fields.includes('title') && {
      key: 'title',
      label: t('review.field.title'),
      children: `${task.title} → ${values.title}`,
    },
    fields.includes('deadline') && {
      key: 'deadline',
      label: t('review.field.deadline'),
      children: `${deadline(task.ongoing, task.deadlineDate)} → ${deadline(values.ongoing, values.deadlineDate)}`,
    },
    fields.includes('owners') && {
      key: 'owners',
      label: t('review.field.owners'),
      children: (
        <div>
          <div>
            {t('review.lead')}
            {t('common.colon')}
            {names(task.lead)} → {values.lead.join('、') || '—'}
          </div>
          <div>
            {t('review.co')}
            {t('common.colon')}
            {names(task.co)} → {values.co.join('、') || '—'}
          </div>
        </div>
      ),
    },
  ].filter((item) => item !== false);
  return (
    <div>
      <Space wrap size={4} style={{ marginBottom: 4 }}>
        <Typography.Text type="secondary">{t('review.inLedger')}</Typography.Text>
        <Link to={`/tasks/${task.id}`}>
          {task.number} {task.title}
        </Link>
        <Typography.Text type="secondary">· {t(`status.${task.status}`)}</Typography.Text>
      </Space>
      {items.length > 0 && <Descriptions size="small" column={1} bordered items={items} />}
    </div>
  );
}

interface Props {
  refKey: string;
  task: ExtractedTask;
  values: TaskValues;
  edited: boolean;
  onChange: (values: TaskValues) => void;
  onReset: () => void;
  options: { value: string; label: string }[];
  context: NameContext;
  warnings: ExtractionWarning[];
  changed: { taskId: string; fields: TaskField[] } | null;
  readOnly: boolean;
}

/** The fields of the selected task: title, owners (lead / co), division, deadline, leave out. */
export function TaskEditor({
  refKey,
  task,
  values,
  edited,
  onChange,
  onReset,
  options,
  context,
  warnings,
  changed,
  readOnly,
}: Props) {
  const { t } = useI18n();
  const set = (patch: Partial<TaskValues>) => onChange({ ...values, ...patch });
  const id = (field: string) => `task-${refKey}-${field}`;
  const label = (field: string, text: string) => (
    <label htmlFor={id(field)} style={{ display: 'block', fontSize: 12, color: 'rgba(0,0,0,0.55)', marginBottom: 2 }}>
      {text}
    </label>
  );

  if (readOnly) {
    return (
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'lead',
            label: t('review.lead'),
            children: values.lead.map((name) => <NameTag key={name} name={name} context={context} lead />),
          },
          {
            key: 'co',
            label: t('review.co'),
            children: values.co.length
              ? values.co.map((name) => <NameTag key={name} name={name} context={context} />)
              : '—',
          },
          { key: 'division', label: t('review.division'), children: values.internalDivision ?? '—' },
          {
            key: 'deadline',
            label: t('review.deadline'),
            children: values.ongoing ? t('ledger.ongoing') : (values.deadlineDate ?? t('ledger.noDeadline')),
          },
          { key: 'text', label: t('review.text'), children: task.text },
        ]}
      />
    );
  }

  return (
    <div
      style={{ marginTop: 8, display: 'grid', gap: 10 }}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => event.stopPropagation()}
    >
      {warnings.map((warning, index) => (
        <Alert key={index} type="warning" showIcon title={<WarningText warning={warning} />} />
      ))}
      <div>
        {label('title', t('review.title'))}
        <Input
          id={id('title')}
          value={values.title}
          maxLength={500}
          onChange={(event) => set({ title: event.target.value })}
          status={values.title.trim() ? undefined : 'error'}
        />
      </div>
      <div>
        {label('lead', t('review.lead'))}
        <OwnerSelect
          id={id('lead')}
          lead
          value={values.lead}
          onChange={(lead) => set({ lead, co: values.co.filter((name) => !lead.includes(name)) })}
          options={options}
          context={context}
          placeholder={t('review.ownerPlaceholder')}
        />
      </div>
      <div>
        {label('co', t('review.co'))}
        <OwnerSelect
          id={id('co')}
          value={values.co}
          onChange={(co) => set({ co: co.filter((name) => !values.lead.includes(name)) })}
          options={options.filter((option) => !values.lead.includes(option.value))}
          context={context}
          placeholder={t('review.ownerPlaceholder')}
        />
      </div>
      <Flex gap={12} wrap>
        <div style={{ flex: '1 1 160px' }}>
          {label('division', t('review.division'))}
          <Input
            id={id('division')}
            value={values.internalDivision ?? ''}
            maxLength={100}
            onChange={(event) => set({ internalDivision: event.target.value || null })}
          />
        </div>
        <div style={{ flex: '1 1 200px' }}>
          {label('deadline', t('review.deadline'))}
          <Space wrap size={8}>
            <DatePicker
              id={id('deadline')}
              value={values.deadlineDate ? dayjs(values.deadlineDate) : null}
              onChange={(date) => set({ deadlineDate: date ? date.format('YYYY-MM-DD') : null })}
              disabled={values.ongoing}
              format="YYYY-MM-DD"
              placeholder={t('ledger.noDeadline')}
            />
            <Checkbox checked={values.ongoing} onChange={(event) => set({ ongoing: event.target.checked })}>
              {t('ledger.ongoing')}
            </Checkbox>
          </Space>
          {task.deadline?.raw && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('review.deadlineRaw', { raw: task.deadline.raw })}
              </Typography.Text>
            </div>
          )}
        </div>
      </Flex>
      {changed && <LedgerCompare taskId={changed.taskId} fields={changed.fields} values={values} />}
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Checkbox checked={values.exclude} onChange={(event) => set({ exclude: event.target.checked })}>
          {t('review.exclude')}
        </Checkbox>
        <Button size="small" disabled={!edited} onClick={onReset}>
          {t('review.resetTask')}
        </Button>
      </Flex>
    </div>
  );
}
