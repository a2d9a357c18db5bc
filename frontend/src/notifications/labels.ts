import type { NotificationChannel, NotificationKind } from './types'

/** The kinds, as the preferences form names them (the same words as api/labels.py). */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  referral_received: "Nouvelle demande d'intervention dans mon unité",
  report_submitted: 'Compte-rendu soumis à validation',
  report_returned: 'Mon compte-rendu renvoyé pour correction',
  report_validated: 'Mon compte-rendu validé',
  review_remark: 'Remarque ou suggestion de relecture sur ma synthèse',
  landlord_works_update: 'Travaux mis à jour par un bailleur',
  followup_overdue: "Suivi d'orientation en retard",
}

export const NOTIFICATION_CHANNEL_LABELS: Record<NotificationChannel, string> = {
  in_app: "Dans l'application",
  daily_digest: 'Aussi dans le résumé quotidien par e-mail',
}

/** What a screen reader hears for the header link: « Notifications, 3 non lues ». */
export function unreadPhrase(count: number): string {
  if (count <= 0) return 'aucune non lue'
  return count === 1 ? '1 non lue' : `${count} non lues`
}

/** The badge's text: the number, capped so it keeps its size. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count)
}
