import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { Feedback } from './Feedback'
import { CreateToggle } from './CreateToggle'
import { useFeedback } from './useFeedback'

function Page() {
  const feedback = useFeedback()
  return (
    <>
      <Feedback message={feedback.message} />
      <CreateToggle
        label="Créer un compte"
        feedback={feedback}
        form={(onDone) => (
          <div>
            <button type="button" onClick={() => onDone('Compte créé.')}>
              Enregistrer
            </button>
            <button type="button" onClick={() => onDone(null)}>
              Annuler
            </button>
          </div>
        )}
      />
    </>
  )
}

describe('CreateToggle', () => {
  it('opens the form, announces what was created and gives the focus back to the button', async () => {
    const user = userEvent.setup()
    render(<Page />)
    await user.click(screen.getByRole('button', { name: 'Créer un compte' }))
    expect(screen.queryByRole('button', { name: 'Créer un compte' })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }))
    expect(screen.getByText('Compte créé.')).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Créer un compte' }))
  })

  it('after a cancel, announces nothing and gives the focus back too', async () => {
    const user = userEvent.setup()
    render(<Page />)
    await user.click(screen.getByRole('button', { name: 'Créer un compte' }))
    await user.click(screen.getByRole('button', { name: 'Annuler' }))
    expect(screen.queryByText('Compte créé.')).toBeNull()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Créer un compte' }))
  })
})
