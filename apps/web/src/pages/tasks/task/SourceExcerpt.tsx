import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n';
import type { TaskDetail } from '../../../lib/types';

/**
 * The text the task was extracted from. The detail's excerpt is exactly the task's
 * span of the source file (`source.span`), so the span is the whole block; inside it
 * the task's title is marked where it appears.
 */
export function SourceExcerpt({ task }: { task: TaskDetail }) {
  const { t } = useI18n();
  const excerpt = task.source.excerpt ?? '';
  if (!excerpt && !task.text) return <Typography.Text type="secondary">{t('task.sourceMissing')}</Typography.Text>;
  const text = excerpt || task.text;
  const at = task.title ? text.indexOf(task.title) : -1;
  let body: ReactNode = text;
  if (at >= 0) {
    body = (
      <>
        {text.slice(0, at)}
        <mark style={{ background: '#fff1b8', padding: 0 }}>{text.slice(at, at + task.title.length)}</mark>
        {text.slice(at + task.title.length)}
      </>
    );
  }
  return (
    <div>
      {excerpt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('task.sourceOf', {
            file: task.source.fileName ?? task.document.title,
            start: task.source.span.start + 1,
            end: task.source.span.end,
          })}
        </Typography.Text>
      )}
      <blockquote
        style={{
          margin: '8px 0 0',
          padding: '8px 12px',
          borderInlineStart: '3px solid #91caff',
          background: '#f6f9ff',
          whiteSpace: 'pre-wrap',
          lineHeight: 1.8,
          maxHeight: 360,
          overflow: 'auto',
        }}
      >
        {body}
      </blockquote>
    </div>
  );
}
