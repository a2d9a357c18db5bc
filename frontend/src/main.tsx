import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createBrowserRouter, RouterProvider } from 'react-router'
import { App } from './App'
import { AuthProvider } from './auth/AuthContext'
import { ApiError } from './lib/errors'
import { startSync } from './offline/sync'
import './index.css'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Retrying a 4xx is pointless (and a 403 must show at once); network/5xx get one retry.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 1,
      // Offline, the API client answers from the copies kept on the device (src/offline/): always ask it.
      networkMode: 'always',
    },
    mutations: { networkMode: 'always' },
  },
})

// A data router, so that a page with unsaved changes can ask before leaving (useBlocker, src/offline/LeaveGuard).
const router = createBrowserRouter([
  {
    path: '*',
    element: (
      <AuthProvider>
        <App />
      </AuthProvider>
    ),
  },
])

startSync(queryClient)

// The installable app's service worker (vite-plugin-pwa): the app shell opens with no network.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
  })
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
)
