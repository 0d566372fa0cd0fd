import type { Family } from '../../core/family.js'
import { registerNetblockReference } from '../ipam/references.js'
import { claimResourceTypes } from '../resources/store.js'
import { DhcpFixtureSchema, exportDhcp, seedDhcp } from './fixtures.js'
import { macsUnique, poolBlocksAssigned, reservationsInsidePools } from './invariants.js'
import { poolReference } from './pool-store.js'
import { dhcpRoutes } from './routes/index.js'
import { GROUP, HOST, POOL, SERVER } from './store.js'
import { dhcpTasks } from './tasks.js'

// DHCP objects are resources that dhcp.json seeds and exports itself.
claimResourceTypes(GROUP, SERVER, POOL, HOST)

// A pool's block cannot be unassigned, moved, split or deleted in IPAM while the pool stands on it.
registerNetblockReference(poolReference)

export const dhcpFamily: Family = {
  name: 'dhcp',
  title: 'DHCP',
  description: 'DHCP: push and push_status for pools, groups and servers (the confirmed calls of the Go client and ' +
    'the Terraform provider), and modeled CRUD for groups, servers, subnet pools and host reservations. All four ' +
    'are resources (`dhcpgroup`, `dhcpserver`, `dhcppool`, `dhcphost`) in the resource tree. A pool takes its ' +
    'IPv4 block from IPAM (direct assign of `cidr` or smart assign of `mask`), assigned to the pool\'s parent ' +
    'resource; deleting the pool unassigns it, and until then IPAM refuses (409, naming the pool) to unassign, ' +
    'move, open for sub-assignment or delete that block. Its dynamic range and router lie inside the block; a ' +
    'reservation binds a MAC (stored lowercase with colons, any common spelling accepted) to a host address of ' +
    'the block outside the range. A push renders the group\'s ISC dhcpd.conf, readable at `push_output` and ' +
    '`GET /dhcp/servers/{id}/config`. Permissions (area `dhcp`): read users see what they can read; groups ' +
    'and pools need the right on their parent; server create/edit/delete and server pushes need admin or an ' +
    'explicit DHCP grant on the server\'s group.\n\n' +
    'Known gaps: every path and field except push/push_status is the mock\'s own (ProVision publishes no other ' +
    'DHCP v2 paths); IPv4 only (no DHCPv6, no Kea output); only subnet pools (no host pools, shared networks, ' +
    'classes, failover or per-pool options); no leases or lease monitoring; a pool cannot change its block or ' +
    'parent; creating a pool needs no IPAM right and no right on the group; a push contacts no server; objects ' +
    'changed through the Resources API are not re-validated (a push fails only when a pool\'s block is gone).',
  prefixes: ['/api/v2/dhcp'],
  seeders: [{ file: 'dhcp.json', schema: DhcpFixtureSchema, seed: seedDhcp, export: exportDhcp }],
  routes: dhcpRoutes,
  tasks: dhcpTasks,
  invariants: [poolBlocksAssigned, reservationsInsidePools, macsUnique]
}
