import { useEffect, useRef, useState, type ReactNode } from 'react'

/**
 * A wide table's own horizontal scroll (the page never scrolls sideways, down to 320 px): a named
 * region, reachable with the keyboard (Tab, then the arrow keys) whenever it does scroll.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null)
  const [scrolls, setScrolls] = useState(false)
  useEffect(() => {
    const el = ref.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1)
    const observer = new ResizeObserver(check)
    observer.observe(el)
    if (el.firstElementChild) observer.observe(el.firstElementChild)
    check()
    return () => observer.disconnect()
  }, [])
  return (
    <div ref={ref} className="table-wrap" role="region" aria-label={label} tabIndex={scrolls ? 0 : undefined}>
      {children}
    </div>
  )
}
