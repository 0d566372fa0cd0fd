import { stmt, type Db } from '../../core/db.js'
import { MockError } from '../../core/errors.js'
import { idFromText } from '../../core/ids.js'
import { slugify } from './store.js'

export interface SectionRow {
  id: number
  name: string
  slug: string
  description: string
}

export interface FieldRow {
  id: number
  section_id: number
  name: string
  field_type: string
  help_block: string
}

export interface CategoryRow {
  id: number
  section_id: number | null
  name: string
  slug: string
}

export function getSection (db: Db, id: number): SectionRow | undefined {
  return stmt(db, 'SELECT * FROM resource_sections WHERE id = ?').get(id) as SectionRow | undefined
}

/** Several sections in one query (those of a list page), by id; unknown ids are left out. */
export function getSectionsOf (db: Db, ids: readonly number[]): Map<number, SectionRow> {
  const rows = stmt(db, 'SELECT * FROM resource_sections WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as SectionRow[]
  return new Map(rows.map((row) => [row.id, row]))
}

export function listSections (db: Db): SectionRow[] {
  return stmt(db, 'SELECT * FROM resource_sections ORDER BY id').all() as SectionRow[]
}

export function listFields (db: Db, sectionId: number): FieldRow[] {
  return stmt(db, 'SELECT * FROM resource_section_fields WHERE section_id = ? ORDER BY id').all(sectionId) as FieldRow[]
}

export function getCategory (db: Db, id: number): CategoryRow | undefined {
  return stmt(db, 'SELECT * FROM resource_categories WHERE id = ?').get(id) as CategoryRow | undefined
}

export function listCategories (db: Db): CategoryRow[] {
  return stmt(db, 'SELECT * FROM resource_categories ORDER BY id').all() as CategoryRow[]
}

/** A section named by id, name or slug; undefined when nothing matches. Digits must be an id. */
export function findSection (db: Db, ref: string | number, field = 'section'): SectionRow | undefined {
  const text = String(ref)
  if (/^[0-9]+$/.test(text)) return getSection(db, idFromText(text, field))
  return stmt(db, 'SELECT * FROM resource_sections WHERE name = ? COLLATE NOCASE OR slug = ? ORDER BY id LIMIT 1')
    .get(text, text) as SectionRow | undefined
}

/** A category named by id, name or slug (within a section when one is given). Digits must be an id. */
export function findCategory (db: Db, ref: string | number, sectionId?: number | null, field = 'category'):
CategoryRow | undefined {
  const text = String(ref)
  if (/^[0-9]+$/.test(text)) return getCategory(db, idFromText(text, field))
  return stmt(db, `SELECT * FROM resource_categories WHERE (name = ? COLLATE NOCASE OR slug = ?)
    AND (? IS NULL OR section_id IS NULL OR section_id = ?) ORDER BY id LIMIT 1`)
    .get(text, text, sectionId ?? null, sectionId ?? null) as CategoryRow | undefined
}

/** Like findSection, but an unknown section is a 422 naming it. */
export function resolveSection (db: Db, ref: string | number, field = 'section'): SectionRow {
  const section = findSection(db, ref, field)
  if (section === undefined) {
    throw new MockError('UNPROCESSABLE', `section ${JSON.stringify(String(ref))} does not exist`, field)
  }
  return section
}

export function resolveCategory (db: Db, ref: string | number, sectionId?: number | null, field = 'category'):
CategoryRow {
  const category = findCategory(db, ref, sectionId, field)
  if (category === undefined) {
    throw new MockError('UNPROCESSABLE', `category ${JSON.stringify(String(ref))} does not exist`, field)
  }
  return category
}

export interface NewSection {
  id?: number
  name: string
  slug?: string
  description?: string
  fields?: Array<{ name: string, field_type?: string, help_block?: string }>
}

export function insertSection (db: Db, section: NewSection): number {
  if (stmt(db, 'SELECT 1 FROM resource_sections WHERE name = ? COLLATE NOCASE').get(section.name) !== undefined) {
    throw new MockError('CONFLICT', `section ${JSON.stringify(section.name)} already exists`, 'name')
  }
  const id = Number(stmt(db, 'INSERT INTO resource_sections (id, name, slug, description) VALUES (?, ?, ?, ?)')
    .run(section.id ?? null, section.name, section.slug ?? slugify(section.name), section.description ?? '')
    .lastInsertRowid)
  const insertField = stmt(db, `INSERT INTO resource_section_fields (section_id, name, field_type, help_block)
    VALUES (?, ?, ?, ?)`)
  for (const field of section.fields ?? []) {
    insertField.run(id, field.name, field.field_type ?? 'text', field.help_block ?? '')
  }
  return id
}

export interface NewCategory {
  id?: number
  name: string
  slug?: string
  section_id?: number | null
}

export function insertCategory (db: Db, category: NewCategory): number {
  return Number(stmt(db, 'INSERT INTO resource_categories (id, section_id, name, slug) VALUES (?, ?, ?, ?)')
    .run(category.id ?? null, category.section_id ?? null, category.name, category.slug ?? slugify(category.name))
    .lastInsertRowid)
}
