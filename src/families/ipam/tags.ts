/**
 * Tags arrive as a comma-separated string on assign calls and as an array on create; Terraform
 * keeps literal quote characters around each one (`"\"web\",\"prod\""`), which are stripped.
 */
export function parseTagList (input: string | readonly string[] | undefined | null): string[] {
  if (input === undefined || input === null) return []
  const parts = typeof input === 'string' ? input.split(',') : input.flatMap((item) => item.split(','))
  const names = parts.map((part) => part.trim().replace(/^["'\s]+|["'\s]+$/g, '')).filter((name) => name !== '')
  return [...new Set(names)]
}

export type TagsMode = 'default' | 'strict' | 'exclude'

export const tagsModes: readonly TagsMode[] = ['default', 'strict', 'exclude']

/**
 * default: the block carries at least the wanted tags; strict: exactly them; exclude: none of them.
 * Names compare case-insensitively.
 */
export function tagsMatch (blockTags: readonly string[], wanted: readonly string[], mode: TagsMode): boolean {
  const have = new Set(blockTags.map((tag) => tag.toLowerCase()))
  const want = new Set(wanted.map((tag) => tag.toLowerCase()))
  if (mode === 'exclude') return [...want].every((tag) => !have.has(tag))
  const all = [...want].every((tag) => have.has(tag))
  return mode === 'strict' ? all && have.size === want.size : all
}
