import t from 'tap'
import { Clock } from '../../src/core/clock.js'

t.test('Clock', async (t) => {
  t.test('the offset of a running clock is exact, however the milliseconds tick between readings', async (t) => {
    const clock = new Clock()
    const offsets = new Set<number>()
    for (let i = 0; i < 20_000; i++) offsets.add(clock.offset())
    t.same([...offsets], [0])
    clock.advance(5000)
    t.equal(clock.offset(), 5000)
    clock.release()
    t.equal(clock.offset(), 0)
  })

  t.test('a frozen clock falls behind real time', async (t) => {
    const clock = new Clock()
    clock.set(Date.now() - 60_000)
    t.ok(clock.offset() <= -60_000)
    t.ok(clock.isFrozen())
  })
})
