import { WarningOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Typography } from 'antd';
import { PlainList } from '../../../components/PlainList';
import { isMessageKey, useI18n } from '../../../i18n';
import type { ExtractionWarning } from '../types';

/** A warning in the user's language: its code's words, then what it names (after the colon). */
export function WarningText({ warning }: { warning: ExtractionWarning }) {
  const { t } = useI18n();
  const key = `review.warning.${warning.code}`;
  const colon = warning.message.indexOf(': ');
  const detail = colon >= 0 ? warning.message.slice(colon + 2) : '';
  if (!isMessageKey(key)) return <span>{warning.message}</span>;
  return (
    <span>
      {t(key)}
      {detail && (
        <>
          {t('common.colon')}
          <Typography.Text strong>{detail}</Typography.Text>
        </>
      )}
    </span>
  );
}

/** The extraction's warnings; each one leads to its place in the text. */
export function WarningsList({
  warnings,
  labelOf,
  onOpen,
}: {
  warnings: ExtractionWarning[];
  /** The task a warning is about ("(二) title"), when there is one. */
  labelOf: (warning: ExtractionWarning) => string | null;
  onOpen: (warning: ExtractionWarning) => void;
}) {
  const { t } = useI18n();
  if (warnings.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.noWarnings')} />;
  }
  return (
    <PlainList
      items={warnings}
      rowKey={(_, index) => index}
      render={(warning) => {
        const label = labelOf(warning);
        return (
          <Flex gap={10} align="flex-start" style={{ paddingInline: 4 }}>
            <WarningOutlined style={{ color: '#faad14', marginTop: 4 }} />
            <div style={{ minWidth: 0 }}>
              <WarningText warning={warning} />
              {label && (
                <div>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => onOpen(warning)}
                    style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
                  >
                    {label}
                  </Button>
                </div>
              )}
            </div>
          </Flex>
        );
      }}
    />
  );
}
