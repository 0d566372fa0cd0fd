import { Type, type Static } from 'typebox'
import type { Db } from '../../core/db.js'
import type { SeedContext } from '../../core/family.js'
import { FixtureError } from '../../core/fixtures.js'
import { getAttrs, getResource, insertResource, type ResourceRow } from './store.js'

export const ResourcesFixtureSchema = Type.Object({
  resources: Type.Array(Type.Object({
    id: Type.Integer({ minimum: 2 }),
    parent_id: Type.Integer({ minimum: 1 }),
    type: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 255 }),
    slug: Type.Optional(Type.String({ maxLength: 255 })),
    custom_id: Type.Optional(Type.String({ maxLength: 255 })),
    attrs: Type.Optional(Type.Record(Type.String(), Type.String()))
  }, { additionalProperties: false }))
}, { additionalProperties: false })

export type ResourcesFixture = Static<typeof ResourcesFixtureSchema>

export function seedResources (db: Db, data: ResourcesFixture, context: SeedContext): void {
  data.resources.forEach((resource, index) => {
    if (getResource(db, resource.id) !== undefined) {
      throw new FixtureError(context.file, `/resources/${index}/id`, `duplicate id ${resource.id}`)
    }
    if (getResource(db, resource.parent_id) === undefined) {
      throw new FixtureError(context.file, `/resources/${index}/parent_id`,
        `parent ${resource.parent_id} does not exist (list parents before children)`)
    }
    insertResource(db, resource, context.now)
  })
}

export function exportResources (db: Db): ResourcesFixture {
  const rows = db.prepare('SELECT * FROM resources WHERE id <> 1 ORDER BY id').all() as ResourceRow[]
  return {
    resources: rows.map((row) => ({
      id: row.id,
      parent_id: row.parent_id ?? 1,
      type: row.type,
      name: row.name,
      slug: row.slug,
      custom_id: row.custom_id,
      attrs: getAttrs(db, row.id)
    }))
  }
}
