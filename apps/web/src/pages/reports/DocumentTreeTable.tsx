import { Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { LightsBar } from './LightsBar';
import { QueryBlock } from './QueryBlock';
import { ledgerHref, percent, useDocumentTree } from './queries';
import type { SectionRollup, TaskCounts } from './types';

interface Node extends TaskCounts {
  key: string;
  label: string;
  heading: string;
  depth: number;
  children?: Node[];
}

/** Sections with tasks (a heading with none below it says nothing here). */
function toNodes(sections: SectionRollup[], depth = 0): Node[] {
  return sections
    .filter((section) => section.tasks > 0)
    .map(({ children, id, ...section }) => {
      const below = toNodes(children, depth + 1);
      return { ...section, key: id, depth, children: below.length > 0 ? below : undefined };
    });
}

const INDENT = 16;

/** A section's name as printed: 「一、」+ heading, without doubling a label the heading already starts with. */
function sectionName(node: Node): string {
  if (!node.label || node.heading.startsWith(node.label)) return node.heading;
  return /[、.．)）]$/.test(node.label) ? `${node.label}${node.heading}` : `${node.label} ${node.heading}`;
}

/** One document in its own structure (GET /api/reports/documents/:id): chapter → section, each with its counts. */
export function DocumentTreeTable({ documentId }: { documentId: string }) {
  const { t } = useI18n();
  const tree = useDocumentTree(documentId);
  const nodes = useMemo(() => {
    if (!tree.data) return [];
    const rows = toNodes(tree.data.sections);
    if (tree.data.unsectioned.tasks > 0) {
      rows.push({
        ...tree.data.unsectioned,
        key: 'unsectioned',
        label: '',
        heading: t('reports.unsectioned'),
        depth: 0,
      });
    }
    return rows;
  }, [tree.data, t]);

  const columns: TableColumnsType<Node> = [
    {
      key: 'section',
      title: t('reports.col.section'),
      // Inline after the tree's indent and expand button, one line, the full name in the tooltip.
      render: (_, node) => (
        <Tooltip title={sectionName(node)} placement="topLeft">
          <span
            style={{
              display: 'inline-block',
              maxWidth: `calc(100% - ${node.depth * INDENT + 28}px)`,
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              whiteSpace: 'nowrap',
              verticalAlign: 'middle',
            }}
          >
            {sectionName(node)}
          </span>
        </Tooltip>
      ),
    },
    { key: 'tasks', title: t('reports.col.tasks'), dataIndex: 'tasks', width: 64, align: 'right' },
    { key: 'completed', title: t('reports.col.completed'), dataIndex: 'completed', width: 72, align: 'right' },
    {
      key: 'rate',
      title: t('reports.col.rate'),
      width: 80,
      align: 'right',
      render: (_, node) => percent(node.completionRate),
    },
    {
      key: 'overdue',
      title: t('reports.col.overdue'),
      width: 64,
      align: 'right',
      render: (_, node) => (
        <Typography.Text type={node.overdue > 0 ? 'danger' : undefined}>{node.overdue}</Typography.Text>
      ),
    },
    {
      key: 'lights',
      title: t('reports.col.lights'),
      width: 120,
      responsive: ['sm'],
      render: (_, node) => <LightsBar lights={node.lights} />,
    },
  ];

  return (
    <QueryBlock query={tree} rows={3} isEmpty={() => nodes.length === 0} empty={t('reports.noSections')}>
      {(data) => (
        <>
          <Table<Node>
            rowKey="key"
            size="small"
            tableLayout="fixed"
            columns={columns}
            dataSource={nodes}
            pagination={false}
            expandable={{ indentSize: INDENT }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
            {t('reports.treeNote')}{' '}
            <Link to={ledgerHref({ documentId: data.documentId })}>{t('reports.openLedger')}</Link>
          </Typography.Text>
        </>
      )}
    </QueryBlock>
  );
}
