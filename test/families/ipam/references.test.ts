import t from 'tap'
import { MockError } from '../../../src/core/errors.js'
import { registerNetblockReference } from '../../../src/families/ipam/references.js'
import {
  createNetblock, deleteNetblock, directAssign, getNetblock, unassign, unassignAllIps, updateNetblock
} from '../../../src/families/ipam/store.js'
import { ipamDb, violations } from '../../helpers/ipam-db.js'

// Blocks a made-up family stands on, by id.
const held = new Set<number>()
registerNetblockReference((_db, block) => held.has(block.id) ? 'is held by test; let go first' : undefined)

const refused = (message: RegExp): Error => ({ statusCode: 409, code: 'CONFLICT', message }) as unknown as Error

t.test('registerNetblockReference', async (t) => {
  const db = ipamDb()
  createNetblock(db, { cidr: '10.0.0.0/8', rir: '1918' }, 0)
  const block = directAssign(db, '10.0.1.0/24', { resource_id: 2 }, 0)[0]
  const other = directAssign(db, '10.0.2.0/24', { resource_id: 2 }, 0)[0]
  held.add(block.id)
  t.teardown(() => held.clear())
  const message = new RegExp(`^netblock 10\\.0\\.1\\.0/24 \\(id ${block.id}\\) is held by test; let go first$`)

  t.test('unassign of a referenced block is a 409 naming the reference', async (t) => {
    t.throws(() => unassign(db, block.id, { skip_holding: true }, 1), refused(message))
    t.equal(getNetblock(db, block.id).resource_id, 2)
  })

  t.test('unassignAllIps refuses as a whole', async (t) => {
    t.throws(() => unassignAllIps(db, [2], {}, 1), MockError)
    t.equal(getNetblock(db, other.id).resource_id, 2, 'the unreferenced block stays assigned too')
  })

  t.test('updateNetblock cannot move it or open it for sub-assignment; other fields change', async (t) => {
    t.throws(() => updateNetblock(db, block.id, { resource_id: 3, description: 'moved' }, 1),
      { ...refused(message), field: 'resource_id' } as unknown as Error)
    t.throws(() => updateNetblock(db, block.id, { allow_sub_assignments: true }, 1),
      { ...refused(message), field: 'allow_sub_assignments' } as unknown as Error)
    t.match(getNetblock(db, block.id), { resource_id: 2, description: '', allow_sub_assignments: 0 })
    t.equal(updateNetblock(db, block.id, { description: 'kept', allow_sub_assignments: false }, 1).description, 'kept')
  })

  t.test('deleteNetblock of a referenced aggregate is a 409', async (t) => {
    const aggregate = createNetblock(db, { cidr: '100.64.0.0/24', rir: '1918', resource_id: 3 }, 0)
    held.add(aggregate.id)
    t.throws(() => deleteNetblock(db, aggregate.id), refused(/^netblock 100\.64\.0\.0\/24 .* is held by test/))
    held.delete(aggregate.id)
    deleteNetblock(db, aggregate.id)
    t.throws(() => getNetblock(db, aggregate.id), { statusCode: 404 } as unknown as Error)
  })

  t.test('once let go, the block unassigns', async (t) => {
    held.delete(block.id)
    t.same(unassignAllIps(db, [2], { skip_holding: true }, 2).sort(), [block.id, other.id].sort())
    t.same(violations(db), [])
  })
})
