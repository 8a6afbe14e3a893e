import { AlertOutlined, CalendarOutlined, FormOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useI18n } from '../../../i18n';
import { isOffice } from '../../../lib/navigation';
import { OPEN_STATUSES, type Role, type TaskAction, type TaskDetail } from '../../../lib/types';
import { ActionModal } from './ActionModal';

// Forms most people never open (and their date picker, slider, upload) load on first use.
const AssignmentsModal = lazy(() => import('./AssignmentsModal').then((m) => ({ default: m.AssignmentsModal })));
const ContributionModal = lazy(() => import('./ContributionModal').then((m) => ({ default: m.ContributionModal })));
const ExtensionModal = lazy(() => import('./ExtensionModal').then((m) => ({ default: m.ExtensionModal })));
const NoticeModal = lazy(() => import('./NoticeModal').then((m) => ({ default: m.NoticeModal })));
const ReportModal = lazy(() => import('./ReportModal').then((m) => ({ default: m.ReportModal })));

/** The step that moves the task on, shown as the primary button. */
const FORWARD: readonly TaskAction[] = [
  'assign',
  'acknowledge',
  'start',
  'request_completion',
  'approve_completion',
  'close',
  'resume',
];

type Dialog =
  | { kind: 'action'; action: TaskAction }
  | { kind: 'assignments' | 'report' | 'extension' | 'notice' | 'contribution' }
  | null;

/**
 * What this user may do with the task: the lifecycle steps the detail lists
 * (`availableActions`), and the records their role may add.
 */
export function ActionBar({ task, role }: { task: TaskDetail; role: Role }) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<Dialog>(null);
  const open = OPEN_STATUSES.includes(task.status);
  const lead = role === 'agency' && task.yourRole === 'lead';
  const co = role === 'agency' && task.yourRole === 'co';
  const reportable = task.status === 'acknowledged' || task.status === 'in_progress';
  const pendingExtension = task.extensions.some((extension) => extension.status === 'pending');
  const close = () => setDialog(null);

  return (
    <>
      <Flex wrap gap={8}>
        {lead && reportable && (
          <Button type="primary" icon={<FormOutlined />} onClick={() => setDialog({ kind: 'report' })}>
            {t('report.submit')}
          </Button>
        )}
        {co && open && task.status !== 'registered' && (
          <Button icon={<FormOutlined />} onClick={() => setDialog({ kind: 'contribution' })}>
            {t('contribution.submit')}
          </Button>
        )}
        {task.availableActions.map((action) => (
          <Button
            key={action}
            type={FORWARD.includes(action) && !(lead && reportable) ? 'primary' : 'default'}
            danger={action === 'cancel'}
            onClick={() => setDialog({ kind: 'action', action })}
          >
            {t(`action.${action}`)}
          </Button>
        ))}
        {lead && open && !pendingExtension && (
          <Button icon={<CalendarOutlined />} onClick={() => setDialog({ kind: 'extension' })}>
            {t('ext.request')}
          </Button>
        )}
        {isOffice(role) && (open || task.status === 'suspended') && (
          <Button icon={<TeamOutlined />} onClick={() => setDialog({ kind: 'assignments' })}>
            {t('task.editOwners')}
          </Button>
        )}
        {(role === 'supervisor' || isOffice(role)) && open && task.lead.length > 0 && (
          <Button icon={<AlertOutlined />} onClick={() => setDialog({ kind: 'notice' })}>
            {t('notice.send')}
          </Button>
        )}
      </Flex>
      {dialog?.kind === 'action' && <ActionModal task={task} action={dialog.action} onClose={close} />}
      <Suspense fallback={null}>
        {dialog?.kind === 'assignments' && <AssignmentsModal task={task} onClose={close} />}
        {dialog?.kind === 'report' && <ReportModal task={task} onClose={close} />}
        {dialog?.kind === 'extension' && <ExtensionModal task={task} onClose={close} />}
        {dialog?.kind === 'notice' && <NoticeModal task={task} onClose={close} />}
        {dialog?.kind === 'contribution' && <ContributionModal task={task} onClose={close} />}
      </Suspense>
    </>
  );
}
