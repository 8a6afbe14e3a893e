import { Alert, Form, Input, Modal } from 'antd';
import { api } from '../../../api';
import { AgencySelect } from '../../../components/AgencySelect';
import { useI18n } from '../../../i18n';
import type { TaskAction, TaskDetail } from '../../../lib/types';
import { useTaskWrite, WriteError } from './shared';

/** Actions whose rule needs a comment (退回, 暂停, 撤销), as in task-lifecycle.ts. */
const NEEDS_COMMENT: readonly TaskAction[] = ['return', 'suspend', 'cancel'];

interface Values {
  comment?: string;
  leadAgencyIds?: string[];
}

/** A lifecycle step: POST /api/tasks/:id/actions/:action {version, comment?, leadAgencyIds?}. */
export function ActionModal({ task, action, onClose }: { task: TaskDetail; action: TaskAction; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const label = t(`action.${action}`);
  const needsComment = NEEDS_COMMENT.includes(action);
  const write = useTaskWrite(
    task.id,
    (values: Values) =>
      api<TaskDetail>(`/api/tasks/${task.id}/actions/${action}`, {
        method: 'POST',
        body: {
          version: task.version,
          ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
          ...(action === 'transfer' ? { leadAgencyIds: values.leadAgencyIds ?? [] } : {}),
        },
      }),
    { success: t('action.done', { action: label }), onSuccess: onClose },
  );
  const currentLeads = task.lead.map((a) => a.agencyId);

  return (
    <Modal
      open
      title={`${label} · ${task.number} ${task.title}`}
      okText={label}
      okButtonProps={{ danger: action === 'cancel' }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={write.isPending}
      destroyOnHidden
    >
      {write.isError && <WriteError error={write.error} taskId={task.id} onRefreshed={onClose} />}
      {action === 'request_completion' && (
        <Alert type="info" showIcon title={t('action.needsFinal')} style={{ marginBottom: 16 }} />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => write.mutate(values)}>
        {action === 'transfer' && (
          <Form.Item
            name="leadAgencyIds"
            label={t('action.newLead')}
            rules={[{ type: 'array', required: true, min: 1, message: t('action.newLeadRequired') }]}
          >
            <AgencySelect exclude={currentLeads} />
          </Form.Item>
        )}
        <Form.Item
          name="comment"
          label={needsComment ? t('action.comment') : t('action.commentOptional')}
          rules={needsComment ? [{ required: true, whitespace: true, message: t('action.commentRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
