import { Empty, Flex, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import type { Assignment, TaskDetail } from '../../../lib/types';

function Owner({ assignment }: { assignment: Assignment }) {
  const { t } = useI18n();
  return (
    <div style={{ padding: '8px 0', borderBottom: '1px solid #f5f5f5' }}>
      <Flex gap={8} align="center" wrap>
        <Tag color={assignment.role === 'lead' ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
          {t(`task.relation.${assignment.role}`)}
        </Tag>
        <Typography.Text strong>{assignment.agency}</Typography.Text>
      </Flex>
      {(assignment.internalDivision || assignment.contactPerson) && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {[
            assignment.internalDivision
              ? `${t('agency.division')}${t('common.colon')}${assignment.internalDivision}`
              : '',
            assignment.contactPerson ? `${t('agency.contact')}${t('common.colon')}${assignment.contactPerson}` : '',
          ]
            .filter(Boolean)
            .join('　')}
        </Typography.Text>
      )}
    </div>
  );
}

/** Who leads (牵头) and who co-operates (协办), with the internal division and contact. */
export function Owners({ task }: { task: TaskDetail }) {
  const { t } = useI18n();
  const all = [...task.lead, ...task.co];
  if (all.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('task.noOwners')} />;
  return (
    <div>
      {all.map((assignment) => (
        <Owner key={`${assignment.role}-${assignment.agencyId}`} assignment={assignment} />
      ))}
    </div>
  );
}
