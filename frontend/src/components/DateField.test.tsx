import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { DATE_FORMAT_HINT } from '../lib/parse'
import { DateField } from './DateField'

describe('DateField', () => {
  it('is a text field with a numeric keypad, the hint then the error tied to it', () => {
    render(
      <DateField id="d" label="Du" value="31/02/2026" onChange={() => {}} hint="Premier jour." error="Date illisible." />,
    )
    const input = screen.getByLabelText('Du')
    expect(input).toHaveAttribute('type', 'text')
    expect(input).toHaveAttribute('inputmode', 'numeric')
    expect(input).toHaveAttribute('maxlength', '10')
    expect(input).toHaveAttribute('aria-invalid', 'true')
    expect(input).toHaveAccessibleDescription(`Premier jour. ${DATE_FORMAT_HINT} Date illisible.`)
  })

  it('without an error: not invalid, the format alone; a shared message is added to the description', () => {
    render(
      <>
        <DateField id="a" label="Au" value="" onChange={() => {}} required />
        <DateField id="b" label="Le" value="" onChange={() => {}} invalid describedBy="range-error" />
        <p id="range-error">La date de début doit précéder la date de fin.</p>
      </>,
    )
    const a = screen.getByLabelText('Au (obligatoire)')
    expect(a).not.toHaveAttribute('aria-invalid')
    expect(a).toHaveAttribute('aria-required', 'true')
    expect(a).toHaveAccessibleDescription(DATE_FORMAT_HINT)
    const b = screen.getByLabelText('Le')
    expect(b).toHaveAttribute('aria-invalid', 'true')
    expect(b).toHaveAccessibleDescription(`${DATE_FORMAT_HINT} La date de début doit précéder la date de fin.`)
  })
})

describe('no native date field in the SPA', () => {
  // Every source file of the SPA (tests aside), read as text at build time.
  const sources = import.meta.glob<string>(['/src/**/*.{ts,tsx}', '!/src/**/*.test.{ts,tsx}'], {
    query: '?raw',
    import: 'default',
    eager: true,
  })

  it('reads the sources (the check below is not vacuous)', () => {
    expect(Object.keys(sources)).toContain('/src/components/DateField.tsx')
    expect(Object.keys(sources).length).toBeGreaterThan(50)
  })

  it('types every date in a text field: no input of type date, datetime-local, month or week', () => {
    const native = /type\s*(=\s*\{?\s*|:\s*)["'`](date|datetime-local|month|week)["'`]/
    const offenders = Object.entries(sources)
      .filter(([, text]) => native.test(text))
      .map(([path]) => path)
    expect(offenders).toEqual([])
  })
})
