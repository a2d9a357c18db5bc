import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { ReviewCommentRead } from '../api/types'
import { ReviewComments } from './ReviewComments'

const comment = (id: number, quote: string | null, replacement: string | null, status: ReviewCommentRead['status'] = 'open') =>
  ({
    id,
    author: { id: 3, full_name: 'Lucas Bernard' },
    body: `Remarque ${id}`,
    quote,
    replacement,
    status,
    created_at: '2026-11-20T09:00:00Z',
    resolved_at: null,
  }) as ReviewCommentRead

describe('ReviewComments', () => {
  it('acknowledges a plain remark in one click, and keeps accept / refuse for a suggested change', () => {
    const onResolve = vi.fn()
    render(
      <ReviewComments
        comments={[comment(1, null, null), comment(2, 'une seule pièce', 'le séjour')]}
        canResolve
        pending={false}
        onResolve={onResolve}
      />,
    )
    const [plain, change] = screen.getAllByRole('listitem')
    expect(within(plain).getAllByRole('button').map((b) => b.textContent)).toEqual(['Pris en compte : remarque de Lucas Bernard'])
    expect(within(change).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Accepter la remarque de Lucas Bernard',
      'Refuser la remarque de Lucas Bernard',
    ])

    fireEvent.click(within(plain).getByRole('button', { name: /^Pris en compte/ }))
    expect(onResolve).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }), true)
  })

  it('says « Prise en compte » for an acknowledged remark, « Acceptée » for an accepted change', () => {
    render(
      <ReviewComments
        comments={[comment(1, null, null, 'accepted'), comment(2, 'passage', '', 'accepted')]}
        canResolve
        pending={false}
        onResolve={() => {}}
      />,
    )
    const [plain, change] = screen.getAllByRole('listitem')
    expect(plain).toHaveTextContent('Prise en compte')
    expect(change).toHaveTextContent('Acceptée')
    expect(change).toHaveTextContent('(supprimer le passage)')
    expect(screen.queryByRole('button')).not.toBeInTheDocument()
  })
})
