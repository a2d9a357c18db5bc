import { describe, expect, it } from 'vitest'
import { confirmationMatches, erasureProblems } from './erasure'

describe('erasure confirmation', () => {
  it("accepts the household's name whatever the case, accents and spacing, or the word EFFACER", () => {
    expect(confirmationMatches('JACQUET Hélène', 'JACQUET Hélène')).toBe(true)
    expect(confirmationMatches('  jacquet   helene ', 'JACQUET Hélène')).toBe(true)
    expect(confirmationMatches('EFFACER', 'JACQUET Hélène')).toBe(true)
    expect(confirmationMatches('effacer', 'JACQUET Hélène')).toBe(true)
  })

  it('refuses anything else, and an empty text', () => {
    expect(confirmationMatches('JACQUET', 'JACQUET Hélène')).toBe(false)
    expect(confirmationMatches('EFFACE', 'JACQUET Hélène')).toBe(false)
    expect(confirmationMatches('   ', 'JACQUET Hélène')).toBe(false)
  })

  it('says what is missing, field by field', () => {
    expect(erasureProblems('', '', 'JACQUET Hélène')).toEqual({
      reason: 'Indiquez le motif de la demande d’effacement.',
      confirmation: 'Recopiez le nom du ménage ou le mot EFFACER pour confirmer.',
    })
    expect(erasureProblems('abc', 'DUPONT', 'JACQUET Hélène')).toEqual({
      reason: 'Le motif doit faire au moins 5 caractères.',
      confirmation: 'Le texte saisi ne correspond ni au nom du ménage (« JACQUET Hélène ») ni au mot EFFACER.',
    })
    expect(erasureProblems('Demande écrite du 20/11', 'effacer', 'JACQUET Hélène')).toEqual({})
  })
})
