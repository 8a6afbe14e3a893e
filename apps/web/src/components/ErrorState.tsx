import { Button, Result } from 'antd';
import { ApiError, errorMessage } from '../api';
import { useI18n } from '../i18n';

/** A failed load in the user's words, with a retry. */
export function ErrorState({ error, onRetry, notFound }: { error: unknown; onRetry?: () => void; notFound?: string }) {
  const { t } = useI18n();
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <Result
      status={missing ? '404' : 'warning'}
      title={missing && notFound ? notFound : t('common.loadFailed')}
      subTitle={errorMessage(error)}
      extra={
        onRetry && !missing ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
