import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useEffect, useRef, useState } from 'react'
import { Link, MemoryRouter, Route, Routes, useLocation } from 'react-router'
import { useFocusPageHeading } from './useFocusPageHeading'

function Shell({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLElement>(null)
  useFocusPageHeading(ref, useLocation().pathname)
  return (
    <>
      <nav>
        <Link to="/b">Page B</Link>
      </nav>
      <main ref={ref} tabIndex={-1}>
        {children}
      </main>
    </>
  )
}

/** A page that shows a loading state (no heading) until `release` is called. */
let release: () => void = () => {}
function SlowPage() {
  const [ready, setReady] = useState(false)
  useEffect(() => {
    release = () => setReady(true)
  }, [])
  return ready ? <h1>Page B chargée</h1> : <p role="status">Chargement…</p>
}

function renderApp() {
  return render(
    <MemoryRouter initialEntries={['/a']}>
      <Routes>
        <Route path="/a" element={<Shell><h1>Page A</h1><Link to="/b">Aller en B</Link></Shell>} />
        <Route path="/b" element={<Shell><SlowPage /></Shell>} />
      </Routes>
    </MemoryRouter>,
  )
}

test('focus waits through the loading state and lands on the new page heading', async () => {
  renderApp()
  await userEvent.click(screen.getByRole('link', { name: 'Aller en B' }))
  expect(screen.getByRole('status')).toHaveTextContent('Chargement…')
  expect(document.activeElement).toBe(screen.getByRole('main'))
  await act(async () => release())
  const heading = await screen.findByRole('heading', { name: 'Page B chargée' })
  expect(document.activeElement).toBe(heading)
})

test('a person who moved the focus while the page loaded keeps it', async () => {
  renderApp()
  await userEvent.click(screen.getByRole('link', { name: 'Aller en B' }))
  const navLink = screen.getByRole('link', { name: 'Page B' })
  navLink.focus()
  await act(async () => release())
  await screen.findByRole('heading', { name: 'Page B chargée' })
  expect(document.activeElement).toBe(navLink)
})
