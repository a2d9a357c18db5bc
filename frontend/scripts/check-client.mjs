// Fails (exit 1) if src/api/schema.d.ts is not what openapi-typescript generates from openapi.json, or if
// the generator warns about the document (integrators' generators must read it without loss).
// Usage: npm run check-client   (fix with: npm run generate)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const committed = join(root, 'src/api/schema.d.ts')
const dir = mkdtempSync(join(tmpdir(), 'binome-client-'))
const fresh = join(dir, 'schema.d.ts')
const bin = join(root, 'node_modules/.bin/openapi-typescript')

try {
  const result = spawnSync(bin, [join(root, 'openapi.json'), '-o', fresh], { cwd: root, encoding: 'utf8' })
  const said = `${result.stdout ?? ''}${result.stderr ?? ''}`
  if (result.status !== 0 || (result.stderr ?? '').trim() !== '' || /warn|⚠/i.test(result.stdout ?? '')) {
    console.error(`check-client: openapi-typescript failed or warned on openapi.json:\n${said}`)
    process.exit(1)
  }
  let current
  try {
    current = readFileSync(committed, 'utf8')
  } catch {
    console.error(`check-client: ${committed} is missing. Run "npm run generate" and commit the result.`)
    process.exit(1)
  }
  if (readFileSync(fresh, 'utf8') !== current) {
    console.error(
      'check-client: src/api/schema.d.ts is out of date with openapi.json.\n' +
        '  Run "npm run openapi" (dump from the backend) then "npm run generate", and commit both files.',
    )
    process.exit(1)
  }
  console.log('check-client: src/api/schema.d.ts matches openapi.json.')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
