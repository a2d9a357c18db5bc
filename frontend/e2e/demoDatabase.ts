import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Where the e2e demo server keeps its fresh SQLite database: playwright.config.ts starts
 * `api.cli demo-server` with TMPDIR set here, and the server creates a `binome-e2e-…` folder with `binome.db` in it.
 */
export const E2E_DB_DIR = fileURLToPath(new URL('../.e2e-db', import.meta.url))
const PYTHON = fileURLToPath(new URL('../../.venv/bin/python', import.meta.url))

function demoDatabase(): string {
  const dirs = readdirSync(E2E_DB_DIR)
    .filter((d) => d.startsWith('binome-e2e-'))
    .map((d) => `${E2E_DB_DIR}/${d}`)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  if (dirs.length === 0) throw new Error(`no demo database under ${E2E_DB_DIR}`)
  return `${dirs[0]}/binome.db`
}

// Moves the start of a visit to one minute ago (it keeps its 2 hours). The only place where a test
// writes to the database behind the API: a visit is booked in the future (the API refuses a past
// booking) and is marked done only once started, so a test that goes from the booking to the report
// would otherwise wait for the clock. Python's sqlite3 (the project's venv) does the write: Node 20
// has no SQLite module and the project adds no dependency for tests.
const SHIFT = `
import sqlite3, sys
from datetime import datetime, timedelta, timezone
start = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(minutes=1)
fmt = "%Y-%m-%d %H:%M:%S.%f"
with sqlite3.connect(sys.argv[1]) as db:
    done = db.execute("UPDATE visit SET starts_at = ?, ends_at = ? WHERE id = ?",
                      (start.strftime(fmt), (start + timedelta(hours=2)).strftime(fmt), int(sys.argv[2]))).rowcount
sys.exit(0 if done == 1 else "visit not found")
`

/** Test-only: lets the clock catch up with a planned visit, so that it can be marked done now. */
export function startVisitNow(visitId: number): void {
  execFileSync(PYTHON, ['-c', SHIFT, demoDatabase(), String(visitId)], { stdio: 'pipe' })
}
