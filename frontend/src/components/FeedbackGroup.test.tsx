import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Feedback } from './Feedback'
import { FeedbackGroup } from './FeedbackGroup'
import { useFeedback } from './useFeedback'

function Panel({ name, text }: { name: string; text: string }) {
  const feedback = useFeedback()
  return (
    <section aria-label={name}>
      <Feedback message={feedback.message} />
      <button type="button" onClick={() => feedback.ok(text)}>
        OK {name}
      </button>
      <button type="button" onClick={() => feedback.failText(`Erreur ${name}`)}>
        KO {name}
      </button>
    </section>
  )
}

describe('FeedbackGroup', () => {
  it('shows one success at a time: « Appel noté » goes once the triage note is saved', () => {
    render(
      <FeedbackGroup>
        <Panel name="appels" text="Appel noté : ménage joint." />
        <Panel name="note" text="Fiche de note enregistrée." />
      </FeedbackGroup>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'OK appels' }))
    expect(screen.getByRole('status')).toHaveTextContent('Appel noté : ménage joint.')
    fireEvent.click(screen.getByRole('button', { name: 'OK note' }))
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual(['Fiche de note enregistrée.'])
  })

  it('keeps an error, and leaves panels outside a group alone', () => {
    render(
      <>
        <FeedbackGroup>
          <Panel name="appels" text="Appel noté." />
          <Panel name="note" text="Fiche de note enregistrée." />
        </FeedbackGroup>
        <Panel name="seul" text="Hors groupe." />
      </>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'KO appels' }))
    fireEvent.click(screen.getByRole('button', { name: 'OK seul' }))
    fireEvent.click(screen.getByRole('button', { name: 'OK note' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Erreur appels')
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual(['Fiche de note enregistrée.', 'Hors groupe.'])
  })
})
