import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';

interface VirtualRowsProps {
  readonly count: number;
  readonly rowHeight: number;
  readonly renderRow: (index: number) => ReactNode;
  /** Rows rendered above and below the visible ones. */
  readonly overscan?: number;
  readonly className?: string;
  /** Scroll this row into view when it changes. */
  readonly scrollToIndex?: number | undefined;
}

/**
 * Windowing: a scroll container as tall as all rows, with only the visible rows (plus a few)
 * in the DOM, so a 10,000-row waterfall costs what 40 rows cost.
 */
export function VirtualRows({ count, rowHeight, renderRow, overscan = 12, className, scrollToIndex }: VirtualRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    setViewport(element.clientHeight);
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = scroller.current;
    if (element === null || scrollToIndex === undefined || scrollToIndex < 0) return;
    const top = scrollToIndex * rowHeight;
    if (top < element.scrollTop || top + rowHeight > element.scrollTop + element.clientHeight) {
      element.scrollTop = Math.max(0, top - element.clientHeight / 3);
    }
  }, [scrollToIndex, rowHeight]);

  const onScroll = useCallback(() => {
    if (scroller.current !== null) setScrollTop(scroller.current.scrollTop);
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let index = first; index < last; index++) rows.push(renderRow(index));

  return (
    <div className={`virtual-rows ${className ?? ''}`} ref={scroller} onScroll={onScroll}>
      <div style={{ height: count * rowHeight, position: 'relative' }}>
        <div style={{ position: 'absolute', top: first * rowHeight, left: 0, right: 0 }}>{rows}</div>
      </div>
    </div>
  );
}
