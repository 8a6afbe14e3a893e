import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button } from 'antd';
import { useCallback } from 'react';
import { ApiError, errorMessage, STALE_VERSION } from '../../../api';
import { useI18n } from '../../../i18n';
import { keys, useMe, usePeople } from '../../../lib/queries';

/**
 * A write on a task: on success the task, its history and the ledger are read again
 * (they all show what changed) and `success` is shown.
 */
export function useTaskWrite<Vars, Result = unknown>(
  taskId: string,
  write: (vars: Vars) => Promise<Result>,
  options: { success: string | ((result: Result) => string); onSuccess?: (result: Result) => void },
) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: async (result) => {
      void message.success(typeof options.success === 'function' ? options.success(result) : options.success);
      options.onSuccess?.(result);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.task(taskId) }),
        queryClient.invalidateQueries({ queryKey: keys.tasks, refetchType: 'none' }),
        queryClient.invalidateQueries({ queryKey: keys.history(taskId) }),
      ]);
    },
  });
}

/** A failed write in the user's words; a stale version (409) offers to read the task again. */
export function WriteError({
  error,
  taskId,
  onRefreshed,
}: {
  error: unknown;
  taskId: string;
  onRefreshed?: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const stale = error instanceof ApiError && error.code === STALE_VERSION;
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessage(error)}
      style={{ marginBottom: 16 }}
      action={
        stale ? (
          <Button
            size="small"
            onClick={async () => {
              await queryClient.invalidateQueries({ queryKey: keys.task(taskId) });
              onRefreshed?.();
            }}
          >
            {t('common.refresh')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Who a user id is, as far as this user may know: "me", a name (administrators), or a short id. */
export function usePersonLabel(): (id: string | null) => string {
  const { t } = useI18n();
  const me = useMe().data;
  const name = usePeople(me);
  return useCallback(
    (id: string | null) => {
      if (!id) return t('common.system');
      if (id === me?.id) return t('common.me');
      return name(id) ?? t('common.user', { id: id.slice(0, 8) });
    },
    [me?.id, name, t],
  );
}
