import { Button, Empty, Flex, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PlainList } from '../../../components/PlainList';
import { useI18n } from '../../../i18n';
import type { DocumentPlan, ImportPlan } from '../types';

function Section({ title, count, children }: { title: ReactNode; count: number; children: ReactNode }) {
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text strong>
        {title} <Typography.Text type="secondary">{count}</Typography.Text>
      </Typography.Text>
      {count > 0 && children}
    </div>
  );
}

function DocumentDiff({ plan, onShow }: { plan: DocumentPlan; onShow: (ref: string) => void }) {
  const { t } = useI18n();
  const show = (ref: string, title: string) => (
    <Button
      type="link"
      size="small"
      onClick={() => onShow(ref)}
      style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
    >
      {title}
    </Button>
  );
  return (
    <div>
      <Section title={<Tag color="green">{t('review.diff.added')}</Tag>} count={plan.added.length}>
        <PlainList items={plan.added} rowKey={(task) => task.ref} render={(task) => show(task.ref, task.title)} />
      </Section>
      <Section title={<Tag color="orange">{t('review.diff.changed')}</Tag>} count={plan.changed.length}>
        <PlainList
          items={plan.changed}
          rowKey={(task) => task.ref}
          render={(task) => (
            <>
              {show(task.ref, task.title)}
              <Flex gap={4} wrap align="center" style={{ marginTop: 2 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('review.diff.fields')}
                </Typography.Text>
                {task.fields.map((field) => (
                  <Tag key={field} style={{ marginInlineEnd: 0 }}>
                    {t(`review.field.${field}`)}
                  </Tag>
                ))}
                <Link to={`/tasks/${task.taskId}`} style={{ fontSize: 12, marginInlineStart: 8 }}>
                  {t('review.diff.openTask')}
                </Link>
              </Flex>
            </>
          )}
        />
      </Section>
      <Section title={<Tag color="red">{t('review.diff.removed')}</Tag>} count={plan.removed.length}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
          {t('review.diff.removedHint')}
        </Typography.Paragraph>
        <PlainList
          items={plan.removed}
          rowKey={(task) => task.taskId}
          render={(task) => <Link to={`/tasks/${task.taskId}`}>{task.title}</Link>}
        />
      </Section>
      <div style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">
          {t('review.diff.unchangedCount', { n: plan.unchanged.length })}
        </Typography.Text>
      </div>
    </div>
  );
}

/**
 * What the commit will do to the ledger, per document: a new document adds its tasks; a new
 * version of one already there adds, changes (naming the fields) and cancels tasks.
 */
export function DiffPanel({ plan, onShow }: { plan: ImportPlan | null; onShow: (ref: string) => void }) {
  const { t } = useI18n();
  if (!plan || plan.documents.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.diff.none')} />;
  }
  return (
    <div>
      {plan.documents.map((document) => (
        <div key={document.index} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 12, marginBottom: 12 }}>
          <Space size={6} wrap>
            <Typography.Text strong>{document.title || t('review.untitled')}</Typography.Text>
            {document.excluded ? (
              <Tag>{t('review.excluded')}</Tag>
            ) : (
              <Tag color={document.existingDocumentId ? 'orange' : 'green'}>
                {document.existingDocumentId ? t('review.newVersion') : t('review.newDocument')}
              </Tag>
            )}
          </Space>
          {document.excluded ? null : document.existingDocumentId ? (
            <DocumentDiff plan={document} onShow={onShow} />
          ) : (
            <div style={{ marginTop: 4 }}>
              <Typography.Text type="secondary">
                {t('review.diff.newDocument', { n: document.taskCount, cases: document.caseCount })}
              </Typography.Text>
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
