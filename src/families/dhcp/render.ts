import type { Db } from '../../core/db.js'
import type { JobStep } from '../../core/jobs.js'
import { getAttrs } from '../resources/store.js'
import { netmaskOf, toAddress, broadcastOf } from './address.js'
import { blockOfPool, getPool, poolsOfGroup, reservationsOf, type Pool } from './pool-store.js'
import { groupView, requireGroup, requireServer, serversOfGroup, serverView, type ServerView } from './store.js'

/**
 * The ISC dhcpd.conf a DHCP server gets: the group's global options, then one subnet per pool of
 * the group in address order, each with its range, router and host reservations (by address).
 * Deterministic: the same data always renders the same text.
 */

function hostDeclaration (name: string, id: string): string {
  const label = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')
  return `${label === '' ? 'host' : label}-${id}`
}

function renderPool (db: Db, pool: Pool): string[] {
  const { attrs, subnet } = pool
  const lines = [
    `# pool ${pool.row.id}: ${pool.row.name}`,
    `subnet ${toAddress(subnet.network)} netmask ${netmaskOf(subnet)} {`,
    `  range ${attrs.range_start} ${attrs.range_end};`,
    `  option routers ${attrs.router};`,
    `  option broadcast-address ${toAddress(broadcastOf(subnet))};`
  ]
  for (const host of reservationsOf(db, pool.row.id)) {
    lines.push(`  host ${hostDeclaration(host.name, host.id)} {`, `    hardware ethernet ${host.mac};`,
      `    fixed-address ${host.address};`)
    if (host.hostname !== '') lines.push(`    option host-name "${host.hostname}";`)
    lines.push('  }')
  }
  lines.push('}')
  return lines
}

/** The configuration of every server of the group (they serve the same pools). */
export function renderGroupConfig (db: Db, groupId: number): string {
  const group = groupView(db, groupId)
  const lease = Number(group.lease_time)
  const lines = [
    `# dhcpd.conf for DHCP group ${group.id} (${group.name}), rendered by provision-mock`,
    'authoritative;',
    `default-lease-time ${lease};`,
    `max-lease-time ${lease * 2};`
  ]
  if (group.domain_name !== '') lines.push(`option domain-name "${group.domain_name}";`)
  if (group.dns_servers.length > 0) lines.push(`option domain-name-servers ${group.dns_servers.join(', ')};`)
  for (const pool of poolsOfGroup(db, groupId)) lines.push('', ...renderPool(db, pool))
  return lines.join('\n') + '\n'
}

export function renderServerConfig (db: Db, serverId: number): string {
  requireServer(db, serverId)
  return renderGroupConfig(db, Number(getAttrs(db, serverId).group_id ?? '0'))
}

export interface PushPlan {
  steps: JobStep[]
  output: string
  outcome: { state: 'finished' | 'warning' | 'error', message: string }
}

function serverList (servers: ServerView[]): string {
  return servers.map((s) => `${s.name} (${s.address})`).join(', ')
}

/**
 * Plans a push of a group's configuration to `servers`. A pool whose IPAM block is gone or no
 * longer assigned cannot be served (error); no server to deploy to is a warning.
 */
function planGroup (db: Db, what: string, groupId: number, servers: ServerView[]): PushPlan {
  const steps: JobStep[] = [{ afterMs: 0, state: 'running', message: `push of ${what} started` }]
  const pools = poolsOfGroup(db, groupId)
  const broken = pools.find((pool) => blockOfPool(db, pool) === undefined)
  if (broken !== undefined) {
    const message = `pool ${broken.row.id} (${broken.attrs.cidr}) has no assigned IPAM block: push aborted`
    steps.push({ afterMs: 1000, state: 'error', message })
    return { steps, output: '', outcome: { state: 'error', message } }
  }
  const output = renderGroupConfig(db, groupId)
  const hosts = pools.reduce((sum, pool) => sum + reservationsOf(db, pool.row.id).length, 0)
  const rendered = `dhcpd.conf rendered: ${pools.length} subnets, ${hosts} hosts`
  steps.push({ afterMs: 1000, state: 'running', message: rendered })
  const outcome: PushPlan['outcome'] = servers.length === 0
    ? { state: 'warning', message: `${what}: no DHCP server is attached to the group; nothing was deployed` }
    : { state: 'finished', message: `${what} deployed to ${serverList(servers)}` }
  steps.push({ afterMs: 3000, ...outcome })
  return { steps, output, outcome }
}

export function planPoolPush (db: Db, poolId: number): PushPlan {
  const pool = getPool(db, poolId)
  const groupId = Number(pool.attrs.group_id)
  return planGroup(db, `pool ${pool.row.name}`, groupId, serversOfGroup(db, groupId))
}

export function planGroupPush (db: Db, groupId: number): PushPlan {
  const group = requireGroup(db, groupId)
  return planGroup(db, `group ${group.name}`, groupId, serversOfGroup(db, groupId))
}

export function planServerPush (db: Db, serverId: number): PushPlan {
  const server = serverView(db, serverId)
  return planGroup(db, `server ${server.name}`, Number(server.group_id), [server])
}

export const pushKinds = { pools: 'dhcp_pool_push', groups: 'dhcp_group_push', servers: 'dhcp_server_push' } as const
