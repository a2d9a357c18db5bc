import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/** Runs axe (WCAG 2 A and AA rules) and fails on any "serious" or "critical" violation. */
export async function expectNoSeriousA11yViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  if (results.violations.length) {
    const lines = results.violations.map(
      (v) =>
        `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    ${n.target.join(' ')} – ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n'),
    )
    console.log(`axe on ${where}: ${results.violations.length} violation(s)\n${lines.join('\n')}`)
  }
  expect(
    blocking.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node(s))`),
    `serious/critical accessibility violations on ${where}`,
  ).toEqual([])
}
