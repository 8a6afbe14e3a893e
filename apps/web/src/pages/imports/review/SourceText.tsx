import { Empty } from 'antd';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useI18n } from '../../../i18n';
import { type Focus } from './focus';
import { type Segment, segmentsOf, type TaskRow } from './model';

// Marks are styled by class, the selected one by a rule naming its ref: choosing a task
// changes one <style> line instead of re-rendering hundreds of highlights.
const STYLES = `
.import-source mark { background: #fff7e6; border-bottom: 2px solid #ffc069; padding: 0; cursor: pointer; border-radius: 2px; color: inherit; }
.import-source mark.out { background: #f5f5f5; border-bottom-color: #d9d9d9; color: #8c8c8c; }
.import-source mark:focus-visible { outline: 2px solid #1677ff; }
`;

const Segments = memo(function Segments({
  segments,
  titles,
  excluded,
}: {
  segments: Segment[];
  titles: ReadonlyMap<string, string>;
  excluded: ReadonlySet<string>;
}) {
  return segments.map((segment) =>
    segment.kind === 'text' ? (
      <span key={segment.start}>{segment.text}</span>
    ) : (
      <mark
        key={segment.start}
        data-ref={segment.ref}
        tabIndex={0}
        title={titles.get(segment.ref)}
        className={excluded.has(segment.ref) ? 'out' : undefined}
      >
        {segment.text}
      </mark>
    ),
  );
});

interface Props {
  text: string;
  rows: TaskRow[];
  titles: ReadonlyMap<string, string>;
  excluded: ReadonlySet<string>;
  focus: Focus | null;
  onSelect: (ref: string) => void;
  height: string | number;
}

/**
 * The decoded source text with every extracted task's span highlighted. Clicking a highlight
 * selects its task; selecting a task elsewhere scrolls its highlight into view.
 */
export const SourceText = memo(function SourceText({ text, rows, titles, excluded, focus, onSelect, height }: Props) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const segments = useMemo(() => segmentsOf(text, rows), [text, rows]);
  const selected = focus?.ref ?? null;

  useEffect(() => {
    if (!focus || focus.from === 'source' || !box.current) return;
    const mark = box.current.querySelector<HTMLElement>(`[data-ref="${focus.ref}"]`);
    if (!mark) return;
    const top = Math.max(0, mark.offsetTop - box.current.clientHeight / 4);
    const far = Math.abs(top - box.current.scrollTop) > box.current.clientHeight * 2;
    box.current.scrollTo({ top, behavior: far ? 'auto' : 'smooth' });
  }, [focus]);

  if (!text) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.noText')} />;

  const selectedRule = selected
    ? `.import-source mark[data-ref="${CSS.escape(selected)}"] { background: #ffd666; border-bottom-color: #fa8c16; outline: 2px solid #fa8c16; color: inherit; }`
    : '';

  return (
    <div
      ref={box}
      role="document"
      aria-label={t('review.source')}
      className="import-source"
      style={{
        position: 'relative',
        height,
        overflow: 'auto',
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-word',
        lineHeight: 1.9,
        fontSize: 14,
        padding: '4px 8px 4px 0',
      }}
      onClick={(event) => {
        const mark = (event.target as HTMLElement).closest<HTMLElement>('[data-ref]');
        if (mark?.dataset.ref) onSelect(mark.dataset.ref);
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        const mark = (event.target as HTMLElement).closest<HTMLElement>('[data-ref]');
        if (!mark?.dataset.ref) return;
        event.preventDefault();
        onSelect(mark.dataset.ref);
      }}
    >
      <style>{STYLES + selectedRule}</style>
      <Segments segments={segments} titles={titles} excluded={excluded} />
    </div>
  );
});
