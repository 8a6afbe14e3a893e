import { Select } from 'antd';
import { type CSSProperties, useMemo } from 'react';
import { useI18n } from '../i18n';
import { useAgencies } from '../lib/queries';

interface Props {
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  /** Agencies that may not be picked (already used elsewhere in the form). */
  exclude?: readonly string[];
  /** Limit the choice to these agencies (e.g. the ones on a task). */
  only?: readonly string[];
  maxCount?: number;
  style?: CSSProperties;
}

/** Picks agencies from the registry, searchable by name. */
export function AgencySelect({ value, onChange, placeholder, exclude, only, maxCount, style }: Props) {
  const { t } = useI18n();
  const { data, isLoading } = useAgencies();
  const options = useMemo(
    () =>
      (data ?? [])
        .filter((agency) => (only ? only.includes(agency.id) : true))
        .map((agency) => ({
          value: agency.id,
          label: agency.name,
          disabled: exclude?.includes(agency.id) && !value?.includes(agency.id),
        })),
    [data, exclude, only, value],
  );
  return (
    <Select
      mode="multiple"
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={isLoading}
      options={options}
      value={value}
      onChange={onChange}
      maxCount={maxCount}
      placeholder={placeholder ?? t('agency.choose')}
      style={{ width: '100%', ...style }}
    />
  );
}
