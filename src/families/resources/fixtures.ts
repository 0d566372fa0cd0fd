import { Type, type Static } from 'typebox'
import type { Db } from '../../core/db.js'
import type { SeedContext } from '../../core/family.js'
import { FixtureError } from '../../core/fixtures.js'
import { relations } from './links-store.js'
import {
  getCategory, getSection, insertCategory, insertSection, listCategories, listFields, listSections
} from './sections-store.js'
import { getAttrs, getResource, insertResource, isClaimedType, type ResourceRow } from './store.js'

export const ResourcesFixtureSchema = Type.Object({
  sections: Type.Optional(Type.Array(Type.Object({
    id: Type.Integer({ minimum: 1 }),
    name: Type.String({ minLength: 1, maxLength: 255 }),
    slug: Type.Optional(Type.String({ maxLength: 255 })),
    description: Type.Optional(Type.String()),
    fields: Type.Optional(Type.Array(Type.Object({
      name: Type.String({ minLength: 1, maxLength: 255 }),
      field_type: Type.Optional(Type.String()),
      help_block: Type.Optional(Type.String())
    }, { additionalProperties: false })))
  }, { additionalProperties: false }))),
  categories: Type.Optional(Type.Array(Type.Object({
    id: Type.Integer({ minimum: 1 }),
    name: Type.String({ minLength: 1, maxLength: 255 }),
    slug: Type.Optional(Type.String({ maxLength: 255 })),
    section_id: Type.Optional(Type.Integer({ minimum: 1 }))
  }, { additionalProperties: false }))),
  resources: Type.Array(Type.Object({
    id: Type.Integer({ minimum: 2 }),
    parent_id: Type.Integer({ minimum: 1 }),
    type: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 255 }),
    slug: Type.Optional(Type.String({ maxLength: 255 })),
    custom_id: Type.Optional(Type.String({ maxLength: 255 })),
    section_id: Type.Optional(Type.Integer({ minimum: 1 })),
    category_id: Type.Optional(Type.Integer({ minimum: 1 })),
    attrs: Type.Optional(Type.Record(Type.String(), Type.String()))
  }, { additionalProperties: false })),
  links: Type.Optional(Type.Array(Type.Object({
    resource_id1: Type.Integer({ minimum: 1 }),
    resource_id2: Type.Integer({ minimum: 1 }),
    relation: Type.String({ description: `one of ${relations.join(', ')}` }),
    data: Type.Optional(Type.String())
  }, { additionalProperties: false })))
}, { additionalProperties: false })

export type ResourcesFixture = Static<typeof ResourcesFixtureSchema>

export function seedResources (db: Db, data: ResourcesFixture, context: SeedContext): void {
  data.sections?.forEach((section) => insertSection(db, section))
  data.categories?.forEach((category, index) => {
    if (category.section_id !== undefined && getSection(db, category.section_id) === undefined) {
      throw new FixtureError(context.file, `/categories/${index}/section_id`,
        `section ${category.section_id} does not exist`)
    }
    insertCategory(db, category)
  })
  data.resources.forEach((resource, index) => {
    const at = `/resources/${index}`
    if (getResource(db, resource.id) !== undefined) {
      throw new FixtureError(context.file, `${at}/id`, `duplicate id ${resource.id}`)
    }
    if (getResource(db, resource.parent_id) === undefined) {
      throw new FixtureError(context.file, `${at}/parent_id`,
        `parent ${resource.parent_id} does not exist (list parents before children)`)
    }
    if (resource.section_id !== undefined && getSection(db, resource.section_id) === undefined) {
      throw new FixtureError(context.file, `${at}/section_id`, `section ${resource.section_id} does not exist`)
    }
    if (resource.category_id !== undefined && getCategory(db, resource.category_id) === undefined) {
      throw new FixtureError(context.file, `${at}/category_id`, `category ${resource.category_id} does not exist`)
    }
    insertResource(db, resource, context.now)
  })
  const insertLink = db.prepare(
    'INSERT INTO resource_links (resource_id1, resource_id2, relation, data) VALUES (?, ?, ?, ?)')
  data.links?.forEach((link, index) => {
    if (!(relations as readonly string[]).includes(link.relation)) {
      throw new FixtureError(context.file, `/links/${index}/relation`, `unknown relation ${link.relation}`)
    }
    for (const side of ['resource_id1', 'resource_id2'] as const) {
      if (getResource(db, link[side]) === undefined) {
        throw new FixtureError(context.file, `/links/${index}/${side}`, `resource ${link[side]} does not exist`)
      }
    }
    insertLink.run(link.resource_id1, link.resource_id2, link.relation, link.data ?? '')
  })
}

/** Every resource except the TLR, parents always before their children (a moved resource may have a lower id). */
function rowsParentsFirst (db: Db): ResourceRow[] {
  return db.prepare(`WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM resources WHERE id = 1
      UNION ALL
      SELECT r.id, down.depth + 1 FROM resources r JOIN down ON r.parent_id = down.id WHERE down.depth < 256
    ) SELECT r.* FROM resources r JOIN down ON down.id = r.id WHERE r.id <> 1 ORDER BY down.depth, r.id`)
    .all() as ResourceRow[]
}

const optional = <T>(value: T | null | undefined): T | undefined => value ?? undefined

/** Rows this file exports: not those a family claims, nor anything below them (that family's own). */
function exportedRows (db: Db): ResourceRow[] {
  const skipped = new Set<number>()
  return rowsParentsFirst(db).filter((row) => {
    if (isClaimedType(row.type) || (row.parent_id !== null && skipped.has(row.parent_id))) {
      skipped.add(row.id)
      return false
    }
    return true
  })
}

export function exportResources (db: Db): ResourcesFixture {
  const rows = exportedRows(db)
  const kept = new Set([1, ...rows.map((row) => row.id)])
  const sections = listSections(db)
  const categories = listCategories(db)
  // TODO: export links that touch a claimed resource with that family's fixture
  const links = (db.prepare('SELECT * FROM resource_links ORDER BY id').all() as Array<{
    resource_id1: number, resource_id2: number, relation: string, data: string
  }>).filter((link) => kept.has(link.resource_id1) && kept.has(link.resource_id2))
  return {
    ...(sections.length > 0
      ? {
          sections: sections.map((section) => ({
            id: section.id,
            name: section.name,
            slug: section.slug,
            description: section.description,
            fields: listFields(db, section.id).map(({ name, field_type: fieldType, help_block: helpBlock }) =>
              ({ name, field_type: fieldType, help_block: helpBlock }))
          }))
        }
      : {}),
    ...(categories.length > 0
      ? {
          categories: categories.map((category) => ({
            id: category.id, name: category.name, slug: category.slug, section_id: optional(category.section_id)
          }))
        }
      : {}),
    resources: rows.map((row) => ({
      id: row.id,
      parent_id: row.parent_id ?? 1,
      type: row.type,
      name: row.name,
      slug: row.slug,
      custom_id: row.custom_id,
      section_id: optional(row.section_id),
      category_id: optional(row.category_id),
      attrs: getAttrs(db, row.id)
    })),
    ...(links.length > 0
      ? {
          links: links.map((link) => ({
            resource_id1: link.resource_id1, resource_id2: link.resource_id2, relation: link.relation, data: link.data
          }))
        }
      : {})
  }
}
