import type { Family } from '../core/family.js'
import { configFamily } from './config/index.js'
import { resourcesFamily } from './resources/index.js'
import { usersFamily } from './users/index.js'
import { usergroupsFamily } from './usergroups/index.js'
import { ipamFamily } from './ipam/index.js'
import { dnsFamily } from './dns/index.js'
import { dhcpFamily } from './dhcp/index.js'
import { schedulerFamily } from './scheduler/index.js'
import { acpFamily } from './acp/index.js'
import { umbrellaFamily } from './umbrella/index.js'

/**
 * Every family, in the order their fixtures are seeded and their documents listed. Seeding order
 * matters: resources first (everything hangs on the tree), then identity (grants name resources),
 * then the families whose objects reference both.
 */
export const families: readonly Family[] = [
  resourcesFamily,
  usersFamily,
  usergroupsFamily,
  configFamily,
  ipamFamily,
  dnsFamily,
  dhcpFamily,
  schedulerFamily,
  acpFamily,
  umbrellaFamily
]
