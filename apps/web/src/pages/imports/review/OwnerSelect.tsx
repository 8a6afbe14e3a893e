import { Select, Tag, Tooltip } from 'antd';
import { useI18n } from '../../../i18n';
import { type NameContext, nameState } from './model';

const TAG_COLORS = { known: undefined, unknown: 'orange', mapped: 'green', unchecked: 'gold' } as const;

/** One printed agency name as a tag, coloured by how it stands (unknown ones stand out). */
export function NameTag({
  name,
  context,
  lead,
  closable,
  onClose,
}: {
  name: string;
  context: NameContext;
  lead?: boolean;
  closable?: boolean;
  onClose?: () => void;
}) {
  const { t } = useI18n();
  const state = nameState(name, context);
  const color = TAG_COLORS[state] ?? (lead ? 'blue' : undefined);
  const tag = (
    <Tag
      color={color}
      closable={closable}
      onClose={onClose}
      style={{ marginInlineEnd: 4, marginBlock: 2 }}
      onMouseDown={(event) => {
        // Keeps the select from opening when a tag's close button is pressed.
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      {name}
    </Tag>
  );
  return state === 'known' ? tag : <Tooltip title={t(`review.name.${state}`)}>{tag}</Tooltip>;
}

/**
 * Agencies of a task, as printed names (the review API takes names, not ids): pick from the
 * registry or type a name; names the registry does not know are marked.
 */
export function OwnerSelect({
  value,
  onChange,
  options,
  context,
  lead,
  disabled,
  placeholder,
  id,
}: {
  value: string[];
  onChange: (value: string[]) => void;
  options: { value: string; label: string }[];
  context: NameContext;
  lead?: boolean;
  disabled?: boolean;
  placeholder?: string;
  id?: string;
}) {
  return (
    <Select
      id={id}
      mode="tags"
      value={value}
      onChange={(next: string[]) => onChange([...new Set(next.map((name) => name.trim()).filter(Boolean))])}
      options={options}
      disabled={disabled}
      placeholder={placeholder}
      tokenSeparators={['、', ',', '，', ';', '；']}
      showSearch={{ optionFilterProp: 'label' }}
      tagRender={({ value: name, closable, onClose }) => (
        <NameTag name={String(name)} context={context} lead={lead} closable={closable} onClose={onClose} />
      )}
      style={{ width: '100%' }}
    />
  );
}
