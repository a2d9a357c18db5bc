/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

// The API lives on the same origin under /api/v1 in production (the backend serves dist/ at /).
// In development, `npm run dev` proxies /api to a local backend (override with BINOME_API_ORIGIN).
const apiOrigin = process.env.BINOME_API_ORIGIN ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [
    react(),
    // Installable app: the service worker precaches the app shell (JS, CSS, icons, index.html) and answers
    // every navigation with index.html, so the SPA opens with no network. It never touches /api/ (personal
    // data is kept by the SPA itself in IndexedDB, for the person's own visits only: src/offline/).
    VitePWA({
      // Registered by main.tsx (an inline script would break the CSP, and Vitest must not register it).
      injectRegister: null,
      registerType: 'autoUpdate',
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Binôme – SLIME Jura',
        short_name: 'Binôme',
        description: 'Visites SLIME à domicile contre la précarité énergétique, même sans réseau.',
        lang: 'fr',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1d4f91',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/docs/, /^\/metrics/],
        // Nothing under /api/ is ever cached by the service worker.
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: { outDir: 'dist' },
  server: { proxy: { '/api': apiOrigin } },
  preview: { proxy: { '/api': apiOrigin } },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
})
