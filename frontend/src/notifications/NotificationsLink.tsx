import { NavLink } from 'react-router'
import { useAuth } from '../auth/AuthContext'
import { badgeText, unreadPhrase } from './labels'
import { useUnreadCount } from '../api/notifications'

/**
 * The header's « Notifications » link with its unread count: a badge on screen, « Notifications, 3 non
 * lues » for screen readers (the count is part of the link's name, not announced on each poll).
 */
export function NotificationsLink() {
  const { me } = useAuth()
  const isPerson = me?.kind === 'user'
  const count = useUnreadCount(isPerson).data?.unread ?? 0
  if (!isPerson) return null
  return (
    // The name is set whole (browsers differ on the spacing of visually hidden parts); it starts with the
    // visible word, so voice control users can say « Notifications » (WCAG 2.5.3).
    <NavLink to="/notifications" className="notifications-link" aria-label={`Notifications, ${unreadPhrase(count)}`}>
      Notifications
      {count > 0 && (
        <span className="notifications-link__badge" aria-hidden="true" data-testid="unread-badge">
          {badgeText(count)}
        </span>
      )}
    </NavLink>
  )
}
