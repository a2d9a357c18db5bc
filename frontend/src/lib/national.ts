/** The national figures' year choice (« Chiffres nationaux »). */

/** The current year and the four before it (campaign years of the national network). */
export function nationalYears(today = new Date()): number[] {
  const y = today.getFullYear()
  return [y, y - 1, y - 2, y - 3, y - 4]
}

/** The year asked for in `?annee=`, if it is one of those offered; else the current year. */
export function yearFromParams(params: URLSearchParams, years: readonly number[]): number {
  const asked = Number(params.get('annee'))
  return years.includes(asked) ? asked : years[0]
}
