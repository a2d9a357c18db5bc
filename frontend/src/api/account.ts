import { useMutation } from '@tanstack/react-query'
import { api, unwrap } from './client'

/** A password chosen with the link of an invitation or a reset (no login needed; nothing cached changes). */
export function useSetPasswordFromLink() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) => unwrap(api.POST('/api/v1/auth/password-reset', { body })),
  })
}
