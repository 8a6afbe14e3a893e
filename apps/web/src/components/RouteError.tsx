import { Button, Result } from 'antd';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useI18n } from '../i18n';

/**
 * A route that failed to render or to load its code (after a new release the old
 * chunk names are gone: reloading the page fetches the new ones).
 */
export function RouteError() {
  const { t } = useI18n();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Result
        status="404"
        title={t('common.notFound')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <Result
      status="warning"
      title={t('common.pageError')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reloadPage')}
        </Button>
      }
    />
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
