import { Avatar, Button, Empty, Flex, Input, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useMemo, useState } from 'react';
import { api } from '../../../api';
import { useI18n } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import type { TaskComment, TaskDetail } from '../../../lib/types';
import { usePersonLabel, useTaskWrite, WriteError } from './shared';

function CommentBox({
  task,
  parentId,
  placeholder,
  onDone,
}: {
  task: TaskDetail;
  parentId?: string;
  placeholder: string;
  onDone?: () => void;
}) {
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const write = useTaskWrite(
    task.id,
    (text: string) =>
      api(`/api/tasks/${task.id}/comments`, {
        method: 'POST',
        body: { body: text, ...(parentId ? { parentId } : {}) },
      }),
    {
      success: t('comment.posted'),
      onSuccess: () => {
        setBody('');
        onDone?.();
      },
    },
  );
  return (
    <div>
      {write.isError && <WriteError error={write.error} taskId={task.id} />}
      <Input.TextArea
        value={body}
        onChange={(event) => setBody(event.target.value)}
        placeholder={placeholder}
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={5000}
      />
      <Flex justify="flex-end" gap={8} style={{ marginTop: 8 }}>
        {onDone && <Button onClick={onDone}>{t('common.cancel')}</Button>}
        <Button
          type="primary"
          loading={write.isPending}
          disabled={!body.trim()}
          onClick={() => write.mutate(body.trim())}
        >
          {t('comment.add')}
        </Button>
      </Flex>
    </div>
  );
}

/** Comments, threaded by `parentId` (oldest first), with replies and a box for a new one. */
export function CommentsPanel({ task }: { task: TaskDetail }) {
  const { t } = useI18n();
  const person = usePersonLabel();
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const { roots, children } = useMemo(() => {
    const ids = new Set(task.comments.map((comment) => comment.id));
    const byParent = new Map<string, TaskComment[]>();
    const top: TaskComment[] = [];
    for (const comment of task.comments) {
      if (comment.parentId && ids.has(comment.parentId)) {
        byParent.set(comment.parentId, [...(byParent.get(comment.parentId) ?? []), comment]);
      } else {
        top.push(comment);
      }
    }
    return { roots: top, children: byParent };
  }, [task.comments]);

  const render = (comment: TaskComment, depth: number) => (
    <div
      key={comment.id}
      style={{
        marginTop: 12,
        paddingInlineStart: depth > 0 ? 16 : 0,
        borderInlineStart: depth > 0 ? '2px solid #f0f0f0' : undefined,
      }}
    >
      <Flex gap={8} align="flex-start">
        <Avatar size="small" icon={<UserOutlined />} />
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong>{person(comment.authorId)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
            {formatDateTime(comment.createdAt)}
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>
            {comment.body}
          </Typography.Paragraph>
          {replyTo === comment.id ? (
            <CommentBox
              task={task}
              parentId={comment.id}
              placeholder={t('comment.replyPlaceholder')}
              onDone={() => setReplyTo(null)}
            />
          ) : (
            <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setReplyTo(comment.id)}>
              {t('comment.reply')}
            </Button>
          )}
          {(children.get(comment.id) ?? []).map((reply) => render(reply, Math.min(depth + 1, 4)))}
        </div>
      </Flex>
    </div>
  );

  return (
    <div>
      <CommentBox task={task} placeholder={t('comment.placeholder')} />
      {roots.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('comment.none')} />
      ) : (
        roots.map((comment) => render(comment, 0))
      )}
    </div>
  );
}
