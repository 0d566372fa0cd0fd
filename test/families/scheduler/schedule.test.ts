import t from 'tap'
import {
  firstAtOrAfter,
  indexAtOrBefore,
  nextAfter,
  occurrence,
  parseTime
} from '../../../src/families/scheduler/schedule.js'

const at = (text: string): number => Date.parse(text + 'Z')

t.test('occurrence', async (t) => {
  t.test('steps hourly, daily and weekly by their period', async (t) => {
    const start = at('2030-01-01T02:00:00')
    t.equal(occurrence('hourly', start, 3), at('2030-01-01T05:00:00'))
    t.equal(occurrence('daily', start, 2), at('2030-01-03T02:00:00'))
    t.equal(occurrence('weekly', start, 1), at('2030-01-08T02:00:00'))
    t.equal(occurrence('once', start, 5), start)
  })

  t.test('keeps the day of the month, or the last day of a shorter month', async (t) => {
    const start = at('2030-01-31T10:30:00')
    t.equal(occurrence('monthly', start, 1), at('2030-02-28T10:30:00'))
    t.equal(occurrence('monthly', start, 2), at('2030-03-31T10:30:00'))
    t.equal(occurrence('monthly', start, 13), at('2031-02-28T10:30:00'))
  })
})

t.test('indexAtOrBefore', async (t) => {
  const start = at('2030-01-31T10:30:00')
  t.equal(indexAtOrBefore('monthly', start, at('2030-01-31T10:29:59')), -1)
  t.equal(indexAtOrBefore('monthly', start, at('2030-02-28T10:30:00')), 1)
  t.equal(indexAtOrBefore('monthly', start, at('2030-03-30T00:00:00')), 1)
  t.equal(indexAtOrBefore('hourly', start, start + 3_600_000 * 5 - 1), 4)
  t.equal(indexAtOrBefore('once', start, start + 1), 0)
})

t.test('firstAtOrAfter', async (t) => {
  const start = at('2030-01-01T00:00:00')
  t.equal(firstAtOrAfter('daily', start, at('2029-06-01T00:00:00')), start, 'the start while it is ahead')
  t.equal(firstAtOrAfter('daily', start, at('2030-01-03T00:00:00')), at('2030-01-03T00:00:00'), 'an exact hit')
  t.equal(firstAtOrAfter('daily', start, at('2030-01-03T00:00:01')), at('2030-01-04T00:00:00'))
  t.equal(firstAtOrAfter('once', start, start + 1), undefined, 'a past one-off has none')
})

t.test('nextAfter', async (t) => {
  const start = at('2030-01-01T00:00:00')
  t.equal(nextAfter('weekly', start, start), at('2030-01-08T00:00:00'))
  t.equal(nextAfter('once', start, start), undefined)
})

t.test('parseTime', async (t) => {
  t.equal(parseTime('2030-01-01 02:00:00'), at('2030-01-01T02:00:00'), 'ProVision form, UTC')
  t.equal(parseTime('2030-01-01 02:00'), at('2030-01-01T02:00:00'), 'seconds optional')
  t.equal(parseTime('2030-01-01T02:00:00Z'), at('2030-01-01T02:00:00'))
  t.equal(parseTime('2030-01-01T04:00:00+02:00'), at('2030-01-01T02:00:00'), 'offsets count')
  t.equal(parseTime('2030-01-01T02:00:00.250Z'), at('2030-01-01T02:00:00'), 'fractions dropped')
  for (const bad of [
    'tomorrow',
    '2030-02-30 00:00:00',
    '2030-13-01 00:00:00',
    '2030-01-01 24:00:00',
    '1969-12-31 00:00:00',
    ''
  ]) {
    t.equal(parseTime(bad), undefined, `${JSON.stringify(bad)} is refused`)
  }
})
