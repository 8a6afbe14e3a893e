import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Radio, Result, Select, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { keys } from '../../lib/queries';
import type { NoticeKind, TaskDetail } from '../../lib/types';
import { reportKeys } from '../reports/queries';
import type { OverdueItem } from '../reports/types';

interface Values {
  kind: NoticeKind;
  agencyId?: string;
  body: string;
}

/** POST /api/tasks/:id/notices answers the stored notice: year and sequence, not the printed number. */
interface SentNotice {
  id: string;
  kind: NoticeKind;
  year?: number;
  sequence?: number;
  number?: string;
  agencyId: string;
}

/** 催办 / 督办 for one overdue task, with a default text; shows the number the server gives it. */
export function NoticeDialog({
  item,
  kind: initialKind,
  onClose,
}: {
  item: OverdueItem;
  kind: NoticeKind;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [sent, setSent] = useState<SentNotice | null>(null);
  // The task's agencies, to address the notice (the API sends to "the lead" when none is named).
  const task = useQuery({
    queryKey: keys.task(item.taskId),
    queryFn: ({ signal }) => api<TaskDetail>(`/api/tasks/${item.taskId}`, { signal }),
  });
  const agencies = useMemo(
    () =>
      [...(task.data?.lead ?? []), ...(task.data?.co ?? [])].map((a) => ({
        value: a.agencyId,
        label: `${a.agency}（${t(`task.relation.${a.role}`)}）`,
      })),
    [task.data, t],
  );
  // The API addresses the lead by default; without one the user must pick, without any agency nobody can be chased.
  const noLead = task.data !== undefined && task.data.lead.length === 0;
  const nobody = task.data !== undefined && agencies.length === 0;
  const agencyName = (id: string | undefined) =>
    [...(task.data?.lead ?? []), ...(task.data?.co ?? [])].find((a) => a.agencyId === id)?.agency;

  const defaultBody = (kind: NoticeKind) =>
    t(kind === 'chase' ? 'overdue.notice.defaultChase' : 'overdue.notice.defaultSupervision', {
      number: item.number,
      title: item.title,
      deadline: item.deadline,
      days: item.daysOverdue,
    });
  // The text follows the kind until the user edits it.
  const lastDefault = useRef(defaultBody(initialKind));
  const kind = Form.useWatch('kind', form) ?? initialKind;
  useEffect(() => {
    const next = defaultBody(kind);
    if (form.getFieldValue('body') === lastDefault.current) form.setFieldValue('body', next);
    lastDefault.current = next;
    // Only when the kind changes (the text is the user's once edited).
  }, [kind]);
  // Address the first lead agency once the task is known.
  useEffect(() => {
    const lead = task.data?.lead[0]?.agencyId;
    if (lead && !form.getFieldValue('agencyId')) form.setFieldValue('agencyId', lead);
  }, [task.data, form]);

  const send = useMutation({
    mutationFn: (values: Values) =>
      api<SentNotice>(`/api/tasks/${item.taskId}/notices`, {
        method: 'POST',
        body: {
          kind: values.kind,
          body: values.body.trim(),
          ...(values.agencyId ? { agencyId: values.agencyId } : {}),
        },
      }),
    onSuccess: async (notice) => {
      setSent(notice);
      void message.success(t('notice.sent', { number: noticeNumber(notice, t) }));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: reportKeys.overdueAll }),
        queryClient.invalidateQueries({ queryKey: keys.task(item.taskId) }),
        queryClient.invalidateQueries({ queryKey: keys.history(item.taskId) }),
        queryClient.invalidateQueries({ queryKey: keys.tasks, refetchType: 'none' }),
      ]);
    },
  });

  const title = `${t(initialKind === 'chase' ? 'overdue.chase' : 'overdue.supervise')} · ${item.number}`;

  if (sent) {
    return (
      <Modal
        open
        title={title}
        onCancel={onClose}
        footer={
          <Button type="primary" onClick={onClose}>
            {t('overdue.notice.close')}
          </Button>
        }
      >
        <Result
          status="success"
          title={t('overdue.notice.sentTitle', { number: noticeNumber(sent, t) })}
          subTitle={
            agencyName(sent.agencyId)
              ? t('overdue.notice.sentTo', { agency: agencyName(sent.agencyId) ?? '' })
              : undefined
          }
          extra={<Link to={`/tasks/${item.taskId}`}>{t('overdue.notice.openTask')}</Link>}
        />
      </Modal>
    );
  }

  return (
    <Modal
      open
      title={title}
      okText={t('overdue.notice.send')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={send.isPending}
      okButtonProps={{ disabled: nobody }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: item.title }}>
        {item.number} {item.title}
      </Typography.Paragraph>
      {nobody && <Alert type="warning" showIcon title={t('overdue.notice.nobody')} style={{ marginBottom: 16 }} />}
      {send.isError && <Alert type="error" showIcon title={errorMessage(send.error)} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: initialKind, body: lastDefault.current }}
        onFinish={(values) => send.mutate(values)}
      >
        <Form.Item name="kind" label={t('notice.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'chase', label: t('notice.kind.chase') },
              { value: 'supervision', label: t('notice.kind.supervision') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="agencyId"
          label={t('notice.agency')}
          rules={noLead ? [{ required: true, message: t('overdue.notice.agencyRequired') }] : undefined}
        >
          <Select
            allowClear
            loading={task.isPending}
            placeholder={noLead ? t('agency.choose') : t('notice.agencyDefault')}
            options={agencies}
            notFoundContent={task.isError ? errorMessage(task.error) : undefined}
          />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('notice.body')}
          rules={[{ required: true, whitespace: true, message: t('notice.bodyRequired') }]}
        >
          <Input.TextArea rows={5} maxLength={5000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 催办〔2026〕3号: the number the task page shows, from the year and sequence the POST answers. */
export function noticeNumber(notice: SentNotice, t: ReturnType<typeof useI18n>['t']): string {
  if (notice.number) return notice.number;
  return t(notice.kind === 'chase' ? 'overdue.notice.numberChase' : 'overdue.notice.numberSupervision', {
    year: notice.year ?? '',
    sequence: notice.sequence ?? '',
  });
}
