import { type RefCallback, useCallback, useRef, useState } from 'react';

/** An element's content width (its padding off), followed as it resizes (0 before the first layout). */
export function useWidth<E extends HTMLElement = HTMLDivElement>(): [RefCallback<E>, number] {
  const [width, setWidth] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((element: E | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (element === null) return;
    const measure = () => {
      const style = getComputedStyle(element);
      setWidth(element.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight));
    };
    measure();
    observer.current = new ResizeObserver(measure);
    observer.current.observe(element);
  }, []);
  return [ref, width];
}
