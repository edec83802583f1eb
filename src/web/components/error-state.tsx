import { Button, Result } from 'antd';
import { ApiError } from '../api/client';
import { useT } from '../i18n';

/** A read that failed, said in words: not found, not allowed, or could not load. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const status = error instanceof ApiError ? error.status : 0;
  const title =
    error instanceof ApiError && error.problem.title
      ? error.problem.title
      : error instanceof ApiError && error.code === 'client.network'
        ? t('error.network')
        : t('error.load');
  const resultStatus = status === 404 ? '404' : status === 403 ? '403' : 'error';
  return (
    <Result
      status={resultStatus}
      title={title}
      extra={
        <>
          {onRetry && status !== 403 && status !== 404 && <Button onClick={onRetry}>{t('action.retry')}</Button>}
          <Button type="primary" href="/">
            {t('nav.home')}
          </Button>
        </>
      }
    />
  );
}
