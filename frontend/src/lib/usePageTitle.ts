import { useEffect } from 'react'

/** Sets document.title ("Ménages – Binôme"): each page has a distinct title (RGAA 8.6). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} – Binôme` : 'Binôme'
  }, [title])
}
