/**
 * The template language of workflow steps. A string in a step's path or body may hold
 * placeholders `{{ reference | filter ... }}` where a reference is `input.<key>...` (the run input)
 * or `steps.<name>.status` / `steps.<name>.body.<key>...` (an earlier step's result); keys may be
 * array indexes. Filters: `string`, `number`, `address` (the part of a CIDR before the slash) and
 * `mask` (the prefix length after it). A body string that is exactly one placeholder takes the
 * value's own JSON type; anywhere else the value is written as text. Nothing else is evaluated.
 */
export class TemplateError extends Error {
  override name = 'TemplateError'
}

export type Reference =
  | { root: 'input', path: string[] }
  | { root: 'steps', step: string, part: 'status' | 'body', path: string[] }

export const filterNames = ['string', 'number', 'address', 'mask'] as const
export type FilterName = typeof filterNames[number]

export interface Placeholder {
  expression: string
  reference: Reference
  filters: FilterName[]
}

export type Part = string | Placeholder

export interface StepResult {
  status: number
  body: unknown
}

export interface Scope {
  input: Record<string, unknown>
  steps: ReadonlyMap<string, StepResult>
}

const segment = /^[A-Za-z0-9_-]{1,100}$/

function parseReference (expression: string): Reference {
  const [root, ...rest] = expression.split('.')
  if (
    !rest.every((key) => segment.test(key))
  ) throw new TemplateError(`{{${expression}}}: keys are letters, digits, _ or -`)
  if (root === 'input') return { root, path: rest }
  if (root === 'steps') {
    const [step, part, ...path] = rest
    if (step === undefined || (part !== 'status' && part !== 'body') || (part === 'status' && path.length > 0)) {
      throw new TemplateError(`{{${expression}}}: write steps.<name>.status or steps.<name>.body.<key>...`)
    }
    return { root, step, part, path }
  }
  throw new TemplateError(`{{${expression}}}: a reference starts with input. or steps.`)
}

/** Splits a string into literal text and placeholders; a malformed placeholder is a TemplateError. */
export function parseTemplate (text: string): Part[] {
  const parts: Part[] = []
  let rest = text
  for (;;) {
    const open = rest.indexOf('{{')
    const stray = rest.indexOf('}}')
    if (stray !== -1 && (open === -1 || stray < open)) throw new TemplateError('"}}" without an opening "{{"')
    if (open === -1) break
    const close = rest.indexOf('}}', open + 2)
    if (close === -1) throw new TemplateError('"{{" without a closing "}}"')
    if (open > 0) parts.push(rest.slice(0, open))
    const [expression, ...filters] = rest.slice(open + 2, close).split('|').map((piece) => piece.trim())
    for (const filter of filters) {
      if (!(filterNames as readonly string[]).includes(filter)) {
        throw new TemplateError(`unknown filter "${filter}"; filters are ${filterNames.join(', ')}`)
      }
    }
    parts.push({ expression, reference: parseReference(expression), filters: filters as FilterName[] })
    rest = rest.slice(close + 2)
  }
  if (rest !== '') parts.push(rest)
  return parts
}

/** Deepest nesting a step body may have (so walking it can never exhaust the stack). */
export const maxDepth = 32

/** Every placeholder in a JSON value, with the dotted path of the string it sits in. */
export function placeholdersIn (
  value: unknown,
  path = '',
  depth = 0
): Array<{ path: string, placeholder: Placeholder }> {
  if (typeof value === 'string') {
    return parseTemplate(value)
      .filter((part) => typeof part !== 'string')
      .map((placeholder) => ({ path, placeholder: placeholder as Placeholder }))
  }
  if (value === null || typeof value !== 'object') return []
  if (depth >= maxDepth) throw new TemplateError(`nests deeper than ${maxDepth} levels`)
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value)
  return entries.flatMap(([key, item]) => placeholdersIn(item, `${path}.${key}`, depth + 1))
}

function lookup (placeholder: Placeholder, scope: Scope): unknown {
  const reference = placeholder.reference
  let value: unknown
  if (reference.root === 'input') {
    value = scope.input
  } else {
    const step = scope.steps.get(reference.step)
    if (step === undefined) throw new TemplateError(`{{${placeholder.expression}}}: step ${reference.step} has not run`)
    value = reference.part === 'status' ? step.status : step.body
  }
  for (const key of reference.path) {
    const found = Array.isArray(value)
      ? (/^[0-9]+$/.test(key) ? value[Number(key)] : undefined)
      : (value !== null && typeof value === 'object' && Object.hasOwn(value, key)
          ? (value as Record<string, unknown>)[key]
          : undefined)
    if (found === undefined) throw new TemplateError(`${placeholder.expression} is missing`)
    value = found
  }
  return value
}

function applyFilter (filter: FilterName, value: unknown, expression: string): unknown {
  if (filter === 'string') return toText(value)
  if (filter === 'number') {
    if (typeof value === 'number') return value
    if (typeof value === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(value)) return Number(value)
    throw new TemplateError(`${expression} is not a number`)
  }
  if (typeof value !== 'string') throw new TemplateError(`${expression} is not a CIDR or an address`)
  const slash = value.indexOf('/')
  if (filter === 'address') return slash === -1 ? value : value.slice(0, slash)
  const mask = value.slice(slash + 1)
  if (slash === -1 || !/^[0-9]{1,3}$/.test(mask)) throw new TemplateError(`${expression} is not a CIDR`)
  return Number(mask)
}

function evaluate (placeholder: Placeholder, scope: Scope): unknown {
  return placeholder.filters.reduce((value, filter) => applyFilter(filter, value, placeholder.expression),
    lookup(placeholder, scope))
}

function toText (value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Renders a JSON value: strings are templates, everything else is copied. */
export function renderValue (value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    const parts = parseTemplate(value)
    if (parts.length === 1 && typeof parts[0] !== 'string') return evaluate(parts[0], scope)
    return parts.map((part) => (typeof part === 'string' ? part : toText(evaluate(part, scope)))).join('')
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, scope))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderValue(item, scope)]))
  }
  return value
}

/**
 * Renders a step path. Values are percent-encoded (a `/` inside the path part is kept, so a CIDR
 * fills `/ipam/netblocks/{{...}}` the way clients send it), so a value can never add a query,
 * a fragment or a `..` that survives the path check.
 */
export function renderPath (template: string, scope: Scope): string {
  let inQuery = false
  let out = ''
  for (const part of parseTemplate(template)) {
    if (typeof part === 'string') {
      out += part
      if (part.includes('?')) inQuery = true
      continue
    }
    const encoded = encodeURIComponent(toText(evaluate(part, scope)))
    out += inQuery ? encoded : encoded.replaceAll('%2F', '/')
  }
  return out
}

const forbidden = ['/api/v2/acp', '/api/v2/scheduler']

/**
 * Why a (rendered) step path may not be called, or undefined when it may: it must stay under
 * /api/v2/, and may not reach the ACP or Scheduler APIs, so a workflow can never run itself.
 */
export function pathProblem (path: string): string | undefined {
  const route = path.split('?')[0].replace(/\/{2,}/g, '/')
  if (!route.startsWith('/api/v2/')) return 'a step path starts with /api/v2/'
  if (route.split('/').some((piece) => piece === '.' || piece === '..' || /%2e/i.test(piece))) {
    return 'a step path may not hold . or .. segments'
  }
  if (forbidden.some((prefix) => route === prefix || route.startsWith(prefix + '/'))) {
    return 'steps may not call the ACP or Scheduler APIs'
  }
  return undefined
}
