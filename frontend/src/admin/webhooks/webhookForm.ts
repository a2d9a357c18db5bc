/** Checks the subscription form before sending, with French messages by field. */
export function checkSubscriptionForm(v: { organisationId: string; url: string }): {
  errors: Record<string, string>
  payload: { organisation_id: number; url: string } | null
} {
  const errors: Record<string, string> = {}
  if (!v.organisationId) errors.organisation_id = 'Choisissez le bailleur qui reçoit les événements.'
  const url = v.url.trim()
  if (!url) errors.url = 'Indiquez l’adresse qui recevra les événements.'
  else if (!/^https?:\/\/\S+$/.test(url)) errors.url = 'Adresse attendue au format https://… (sans espace).'
  else if (url.length > 500) errors.url = 'Au plus 500 caractères.'
  if (Object.keys(errors).length > 0) return { errors, payload: null }
  return { errors, payload: { organisation_id: Number(v.organisationId), url } }
}
