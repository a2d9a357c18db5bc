import { defineConfig } from '@playwright/test'
import { E2E_DB_DIR } from './e2e/demoDatabase'

// E2E_PORT lets two checkouts run their end-to-end tests side by side.
const port = Number(process.env.E2E_PORT || 8765)

// Drives Debian's Chromium (browsers are never downloaded here). `npm run build` must have run:
// the demo server serves frontend/dist and the API on one port, with a fresh SQLite database.
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    // Warnings and errors only: the JSON access log of every request would drown the test output.
    // TMPDIR puts the demo server's fresh database (tempfile.mkdtemp) where e2e/demoDatabase.ts finds it.
    // Webhooks may target this very server over http (admin-integrations.spec.ts): nothing leaves the machine.
    command: `rm -rf ${E2E_DB_DIR} && mkdir -p ${E2E_DB_DIR} && cd .. && TMPDIR=${E2E_DB_DIR} BINOME_LOG_LEVEL=WARNING BINOME_WEBHOOK_ALLOW_PRIVATE_TARGETS=true .venv/bin/python -m api.cli demo-server --port ${port}`,
    url: `http://127.0.0.1:${port}/api/v1/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
