/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL of the API, "/api/v1" by default (same origin). Set it for a separately hosted SPA. */
  readonly VITE_API_BASE?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
