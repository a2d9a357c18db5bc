import { fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SecretPanel } from './SecretPanel'

afterEach(() => vi.unstubAllGlobals())

function renderPanel(onClose = vi.fn()) {
  render(<SecretPanel id="s" title="Secret du jeton « Bilan »" secretLabel="Secret du jeton" secret="bnm_abc123" onClose={onClose} />)
  return onClose
}

describe('SecretPanel', () => {
  it('shows the secret once with a warning, and copies it', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const onClose = renderPanel()
    expect(screen.getByLabelText('Secret du jeton')).toHaveValue('bnm_abc123')
    expect(screen.getByText(/ne sera plus jamais affiché/)).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'Copier le secret' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Secret copié')
    expect(writeText).toHaveBeenCalledWith('bnm_abc123')
    fireEvent.click(screen.getByRole('button', { name: /fermer/ }))
    expect(onClose).toHaveBeenCalled()
  })

  it('says how to copy by hand when the clipboard is refused or missing', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) } })
    renderPanel()
    fireEvent.click(screen.getByRole('button', { name: 'Copier le secret' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Ctrl+C')
  })
})
