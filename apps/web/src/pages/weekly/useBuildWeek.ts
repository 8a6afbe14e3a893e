import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { reportKeys } from '../reports/queries';
import type { WeeklySnapshot } from './types';

/** POST /api/reports/weekly/:period/build (office): builds or rebuilds a week that has ended. */
export function useBuildWeek(onBuilt?: (snapshot: WeeklySnapshot) => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (period: string) =>
      api<WeeklySnapshot>(`/api/reports/weekly/${encodeURIComponent(period)}/build`, { method: 'POST' }),
    onSuccess: async (snapshot) => {
      queryClient.setQueryData(reportKeys.week(snapshot.period), snapshot);
      void message.success(t('weekly.built', { period: snapshot.period }));
      onBuilt?.(snapshot);
      await queryClient.invalidateQueries({ queryKey: ['reports', 'weekly', 'trend'] });
    },
  });
}
