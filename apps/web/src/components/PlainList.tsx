import type { CSSProperties, Key, ReactNode } from 'react';

/**
 * A plain list of rows with dividers (antd's List is deprecated in antd 6.6, and its
 * replacement is a virtual list: these lists are short).
 */
export function PlainList<T>({
  items,
  rowKey,
  render,
  empty = null,
  rowStyle,
}: {
  items: readonly T[];
  rowKey: (item: T, index: number) => Key;
  render: (item: T, index: number) => ReactNode;
  empty?: ReactNode;
  rowStyle?: (item: T) => CSSProperties | undefined;
}) {
  if (items.length === 0) return <>{empty}</>;
  return (
    <div role="list">
      {items.map((item, index) => (
        <div
          role="listitem"
          key={rowKey(item, index)}
          style={{
            padding: '8px 0',
            borderBottom: index < items.length - 1 ? '1px solid #f0f0f0' : undefined,
            ...rowStyle?.(item),
          }}
        >
          {render(item, index)}
        </div>
      ))}
    </div>
  );
}
