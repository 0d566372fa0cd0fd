import { stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'

export interface ModuleRow {
  id: number
  name: string
  parent_id: number
  category_id: number | null
  ipam_backend: string
  url: string
  username: string
  password: string
  token: string
  acp_id: string
  utilization_type: string
  acp_workflow_slug: string
  date: string
  modified: string
}

export interface NetblockRow {
  id: number
  module_id: number
  parent_id: number | null
  category_id: number | null
  name: string
  description: string
  remote_id: string
  remote_type: string
  cidr: string
  version: number
  is_aggregate: number
  is_assigned: number
  rir: string
  customer: string
  asn: string
  supported_actions: string
  used_addresses: string
  status: string
  is_syncing: number
  last_sync_time: string
  last_error: string
  data: string
  date: string
  modified: string
}

export interface LinkRow {
  id: number
  module_id: number
  resource_id: number
  relation: string
  data: string
}

export interface Page {
  offset?: number
  limit?: number
}

/** What a netblock's derived fields need: its module, children and top aggregate. */
export interface NetblockContext {
  module: ModuleRow
  children: NetblockRow[]
  aggregate: NetblockRow
  aggregateModule: ModuleRow
}

/** Decides from a module's parent resource whether the caller may see the module. */
export type Visibility = (parentId: number) => boolean

function page<T> (rows: T[], { offset = 0, limit }: Page): T[] {
  return rows.slice(offset, limit === undefined ? undefined : offset + limit)
}

function findModule (db: Db, id: number): ModuleRow | undefined {
  return stmt(db, 'SELECT * FROM umbrella_modules WHERE id = ?').get(id) as ModuleRow | undefined
}

function findNetblock (db: Db, id: number): NetblockRow | undefined {
  return stmt(db, 'SELECT * FROM umbrella_netblocks WHERE id = ?').get(id) as NetblockRow | undefined
}

export function listModules (db: Db, filters: Page & { id?: number, name?: string, ipam_backend?: string },
  visible: Visibility): ModuleRow[] {
  const rows = (stmt(db, 'SELECT * FROM umbrella_modules ORDER BY id').all() as ModuleRow[]).filter((module) =>
    (filters.id === undefined || module.id === filters.id) &&
    (filters.name === undefined || module.name === filters.name) &&
    (filters.ipam_backend === undefined || module.ipam_backend === filters.ipam_backend) &&
    visible(module.parent_id))
  return page(rows, filters)
}

/** The module, or a 404 naming the id. */
export function getModule (db: Db, id: number): ModuleRow {
  const module = findModule(db, id)
  if (module === undefined) throw new MockError('NOT_FOUND', `umbrella module ${id} not found`)
  return module
}

export function listNetblocks (db: Db, filters: Page & {
  id?: number,
  cidr?: string,
  module_id?: number,
  parent_id?: number
},
visible: Visibility): NetblockRow[] {
  const modules = new Map((stmt(db, 'SELECT * FROM umbrella_modules').all() as ModuleRow[]).map((m) => [m.id, m]))
  const rows = (stmt(db, 'SELECT * FROM umbrella_netblocks ORDER BY version, id').all() as NetblockRow[])
    .filter((block) =>
      (filters.id === undefined || block.id === filters.id) &&
      (filters.cidr === undefined || block.cidr === filters.cidr) &&
      (filters.module_id === undefined || block.module_id === filters.module_id) &&
      (filters.parent_id === undefined || block.parent_id === filters.parent_id) &&
      visible((modules.get(block.module_id) as ModuleRow).parent_id))
  return page(rows, filters)
}

export function netblockContext (db: Db, block: NetblockRow): NetblockContext {
  let aggregate = block
  for (let depth = 0; aggregate.parent_id !== null && depth < 256; depth++) {
    aggregate = findNetblock(db, aggregate.parent_id) as NetblockRow
  }
  return {
    module: findModule(db, block.module_id) as ModuleRow,
    children: stmt(db, 'SELECT * FROM umbrella_netblocks WHERE parent_id = ? ORDER BY id')
      .all(block.id) as NetblockRow[],
    aggregate,
    aggregateModule: findModule(db, aggregate.module_id) as ModuleRow
  }
}

export function listLinks (db: Db, moduleId: number, filters: Page & { relation?: string }): LinkRow[] {
  const rows = (stmt(db, 'SELECT * FROM umbrella_links WHERE module_id = ? ORDER BY id').all(moduleId) as LinkRow[])
    .filter((link) => filters.relation === undefined || link.relation === filters.relation)
  return page(rows, filters)
}
