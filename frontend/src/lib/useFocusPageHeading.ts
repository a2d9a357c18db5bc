import { useEffect, useRef, type RefObject } from 'react'

/** How long a page may show its loading state before we stop waiting for its heading. */
const HEADING_WAIT_MS = 10_000

/** Focus is still "nowhere": the person has not moved it since the navigation. */
function focusIsFree(container: HTMLElement): boolean {
  const active = document.activeElement
  return active === null || active === document.body || active === container
}

function focusHeading(container: HTMLElement): boolean {
  const h1 = container.querySelector('h1')
  if (!h1) return false
  h1.setAttribute('tabindex', '-1')
  h1.focus()
  return true
}

/**
 * On each navigation (`key` changes), moves focus to the new page's h1 so that screen-reader and keyboard
 * users start on the new page (RGAA 12.x). Pages that first show a loading state (or a lazily loaded page)
 * have no h1 yet: we wait for it to appear, unless the person has moved the focus meanwhile.
 */
export function useFocusPageHeading(containerRef: RefObject<HTMLElement | null>, key: string): void {
  const firstRender = useRef(true)
  useEffect(() => {
    const container = containerRef.current
    // The first page of a visit keeps the browser's own start (the skip link comes first).
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    if (!container) return
    if (focusHeading(container)) return
    // Still loading: hold focus on the page itself (the link that was followed may be gone), then wait.
    container.focus()
    const observer = new MutationObserver(() => {
      if (!focusIsFree(container)) observer.disconnect()
      else if (focusHeading(container)) observer.disconnect()
    })
    observer.observe(container, { childList: true, subtree: true })
    const giveUp = window.setTimeout(() => observer.disconnect(), HEADING_WAIT_MS)
    return () => {
      observer.disconnect()
      window.clearTimeout(giveUp)
    }
  }, [containerRef, key])
}
