import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Button, Empty, Flex, Input, Radio, Select, type SelectProps, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../../i18n';
import type { Agency } from '../../../lib/types';
import { AGENCY_KINDS, type AgencyKind } from '../../agencies/types';
import type { AgencyMapping, ImportReview } from '../types';
import { withMapping } from './model';

type Mode = 'map' | 'create' | 'ignore';

const modeOf = (mapping: AgencyMapping | undefined): Mode | undefined =>
  !mapping ? undefined : 'agencyId' in mapping ? 'map' : 'create' in mapping ? 'create' : 'ignore';

/** A first guess at a new agency's kind from how its name ends. */
export function guessKind(name: string): AgencyKind {
  if (/区(人民)?政府$|区$|县$/.test(name)) return 'district_government';
  if (/委员会$|委$|办$/.test(name)) return 'committee';
  if (/^(国家|国务院)|部$|总局$|总署$|银行$|会$/.test(name)) return 'central_unit';
  if (/^市/.test(name)) return 'municipal_bureau';
  if (/公司|集团/.test(name)) return 'enterprise';
  return 'other';
}

/** Share of two-character pieces two names have in common, to suggest likely agencies first. */
function likeness(a: string, b: string): number {
  const pairs = (text: string) => new Set([...text].slice(0, -1).map((char, index) => char + text[index + 1]));
  const left = pairs(a);
  const right = pairs(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const pair of left) if (right.has(pair)) shared++;
  return shared / (left.size + right.size - shared);
}

function MappingRow({
  name,
  mapping,
  uses,
  agencies,
  onChange,
  onShow,
  readOnly,
}: {
  name: string;
  mapping: AgencyMapping | undefined;
  uses: number;
  agencies: Agency[];
  onChange: (mapping: AgencyMapping | undefined) => void;
  onShow: () => void;
  readOnly: boolean;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode | undefined>(modeOf(mapping));
  const create = mapping && 'create' in mapping ? mapping.create : null;
  const options = useMemo<NonNullable<SelectProps['options']>>(() => {
    const scored = agencies
      .map((agency) => ({
        agency,
        score: Math.max(likeness(name, agency.name), likeness(name, agency.fullName ?? '')),
      }))
      .sort((a, b) => b.score - a.score);
    const suggested = scored.filter((item) => item.score >= 0.2).slice(0, 5);
    const toOption = ({ agency }: { agency: Agency }) => ({
      value: agency.id,
      label: agency.fullName ? `${agency.name}（${agency.fullName}）` : agency.name,
    });
    const rest = scored
      .filter((item) => !suggested.includes(item))
      .sort((a, b) => a.agency.name.localeCompare(b.agency.name, 'zh-CN'))
      .map(toOption);
    return suggested.length > 0
      ? [
          { label: t('review.map.suggested'), title: 'suggested', options: suggested.map(toOption) },
          { label: t('review.map.all'), title: 'all', options: rest },
        ]
      : rest;
  }, [agencies, name, t]);

  const chooseMode = (next: Mode) => {
    setMode(next);
    if (next === 'ignore') onChange({ ignore: true });
    else if (next === 'create') onChange({ create: { name, kind: guessKind(name) } });
    else onChange(undefined);
  };

  const decided = Boolean(mapping) && !(mapping && 'create' in mapping && !mapping.create.name.trim());
  return (
    <div style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '10px 12px', marginBottom: 8 }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size={6}>
          {decided ? (
            <CheckCircleFilled style={{ color: '#52c41a' }} aria-label={t('review.map.decided')} />
          ) : (
            <ExclamationCircleFilled style={{ color: '#fa8c16' }} aria-label={t('review.map.undecided')} />
          )}
          <Typography.Text strong>{name}</Typography.Text>
        </Space>
        <Button type="link" size="small" onClick={onShow} disabled={uses === 0} style={{ padding: 0 }}>
          {t('review.map.uses', { n: uses })}
        </Button>
      </Flex>
      <Radio.Group
        value={mode}
        onChange={(event) => chooseMode(event.target.value as Mode)}
        disabled={readOnly}
        optionType="button"
        size="small"
        style={{ margin: '8px 0' }}
        options={[
          { value: 'map', label: t('review.map.toExisting') },
          { value: 'create', label: t('review.map.create') },
          { value: 'ignore', label: t('review.map.ignore') },
        ]}
      />
      {mode === 'map' && (
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('agency.choose')}
          aria-label={t('review.map.toExisting')}
          value={mapping && 'agencyId' in mapping ? mapping.agencyId : undefined}
          onChange={(agencyId: string) => onChange({ agencyId })}
          options={options}
          disabled={readOnly}
          style={{ width: '100%' }}
        />
      )}
      {mode === 'create' && (
        <Flex gap={8} wrap>
          <Input
            aria-label={t('agencies.name')}
            placeholder={t('agencies.name')}
            value={create?.name ?? name}
            maxLength={60}
            status={create && !create.name.trim() ? 'error' : undefined}
            onChange={(event) =>
              onChange({ create: { ...(create ?? { kind: guessKind(name) }), name: event.target.value } })
            }
            disabled={readOnly}
            style={{ flex: '1 1 160px' }}
          />
          <Select
            aria-label={t('agencies.kind')}
            value={create?.kind ?? guessKind(name)}
            onChange={(kind: string) => onChange({ create: { ...(create ?? { name }), kind } })}
            options={AGENCY_KINDS.map((kind) => ({ value: kind, label: t(`agencyKind.${kind}`) }))}
            disabled={readOnly}
            style={{ flex: '0 1 150px', minWidth: 130 }}
          />
          <Input
            aria-label={t('agencies.fullName')}
            placeholder={t('agencies.fullNameOptional')}
            value={create?.fullName ?? ''}
            maxLength={120}
            onChange={(event) =>
              onChange({
                create: { ...(create ?? { name, kind: guessKind(name) }), fullName: event.target.value || null },
              })
            }
            disabled={readOnly}
            style={{ flex: '1 1 200px' }}
          />
        </Flex>
      )}
      {mode === 'ignore' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('review.map.ignoreHint')}
        </Typography.Text>
      )}
    </div>
  );
}

/**
 * Printed agency names the registry does not know: map each to an existing agency (it is
 * remembered as an alias), create it, or leave it out. Commit waits until every one is decided.
 */
export function AgencyMappings({
  names,
  review,
  usesOf,
  agencies,
  onChange,
  onShow,
  readOnly,
}: {
  names: string[];
  review: ImportReview;
  usesOf: (name: string) => string[];
  agencies: Agency[];
  onChange: (review: ImportReview) => void;
  onShow: (ref: string) => void;
  readOnly: boolean;
}) {
  const { t } = useI18n();
  if (names.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.map.none')} />;
  }
  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('review.map.hint')}
      </Typography.Paragraph>
      {names.map((name) => {
        const uses = usesOf(name);
        return (
          <MappingRow
            key={name}
            name={name}
            mapping={review.agencyMappings?.[name]}
            uses={uses.length}
            agencies={agencies}
            onChange={(mapping) => onChange(withMapping(review, name, mapping))}
            onShow={() => uses[0] && onShow(uses[0])}
            readOnly={readOnly}
          />
        );
      })}
    </div>
  );
}
