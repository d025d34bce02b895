'use client';

import { useEffect, useRef, useState } from 'react';

/** Whether the element is (about to be) on screen. */
export function useInView(ref: React.RefObject<Element | null>, margin = '200px'): boolean {
  const [inView, setInView] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new IntersectionObserver(([entry]) => setInView(entry.isIntersecting), { rootMargin: margin });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, margin]);
  return inView;
}

/**
 * `value`, passed on at most every `ms` (0: at once; Infinity: held until `ms` changes).
 * Lets costly views follow a stream at their own pace.
 */
export function useThrottledValue<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown) || ms === Infinity) return;
    const wait = Math.max(0, last.current + ms - performance.now());
    const apply = () => {
      last.current = performance.now();
      setShown(value);
    };
    if (ms === 0 || wait === 0) return void apply();
    const timer = setTimeout(apply, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return ms === 0 ? value : shown;
}
