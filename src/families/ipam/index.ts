import { Type } from 'typebox'
import type { Family } from '../../core/family.js'
import { exportIpam, seedIpam } from './fixtures.js'
import { ipamInvariants } from './invariants.js'
import { ipamMigrations } from './migrations.js'
import { ipamRoutes } from './routes/index.js'
import { IpamFixtureSchema } from './schemas.js'
import { processHoldingTank, resourceReferences } from './store.js'
import { registerResourceReference } from '../resources/store.js'

// A resource that still holds blocks cannot be deleted out from under them.
registerResourceReference(resourceReferences)

export const ipamFamily: Family = {
  name: 'ipam',
  title: 'IPAM',
  description: 'IPAM: netblocks as binary split trees under top-level aggregates (IPv4 and IPv6, BigInt ' +
    'arithmetic), smart assign, direct assign (CIDRs raw in the path or URL-encoded), unassign with the Holding ' +
    'Tank and automatic merge (settings from /api/v2/config), first available address, holding-tank processing ' +
    'on the instance clock, and the modeled areas: aggregates, regions, tags, VLAN domains and VLANs, LIRs, IP ' +
    'rules and SWIP jobs. Every allocation is one transaction; permissions are the IPAM area on the resource a ' +
    'block belongs to (free and held space: the top-level resource). Known gaps: the v2 paths of aggregates, ' +
    'regions, tags, VLANs, LIRs, rules, SWIP and the holding tank are not public, so theirs are the mock\'s own ' +
    '(x-fidelity modeled); `is_aggregate` is true for a whole (unsplit) block, an inference; the `permissions` ' +
    'vocabulary (APIv1 flag names) is a guess; direct_assign answers only the assigned block; first_available ' +
    'reserves nothing; no manual split/merge or Auto Split templates, no NAT partner update, no VLAN smart ' +
    'assign, no Smart Assign Templates, no RPSL, no IPAM alerts or block scanner; SWIP talks to no registry.',
  prefixes: ['/api/v2/ipam'],
  migrations: ipamMigrations,
  seeders: [{ file: 'ipam.json', schema: IpamFixtureSchema, seed: seedIpam, export: exportIpam }],
  routes: ipamRoutes,
  tasks: [{
    type: 'process_holding_tank',
    description: 'Returns blocks whose holding time has passed to Available (ProVision\'s Process Holding Tank)',
    parameters: Type.Object({ all: Type.Optional(Type.Boolean()) }),
    run: (instance, parameters) => {
      const released = processHoldingTank(instance.db, instance.clock.now(), parameters.all === true)
      return { state: 'finished', message: `${released.length} block(s) released from the Holding Tank` }
    }
  }],
  invariants: ipamInvariants
}
