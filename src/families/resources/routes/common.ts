import { fidelity } from '../../../core/schemas.js'

export const tags = ['Resources']

const vendorDoc = 'vendor OpenAPI (itential/assets 6connect_provision-latest.json)'

/** x-fidelity for an operation whose path, parameters and statuses come from the vendor document. */
export function confirmed (operationId: string, extra = ''): ReturnType<typeof fidelity> {
  return fidelity('confirmed', `${vendorDoc} operation ${operationId}${extra === '' ? '' : '; ' + extra}`)
}

/** x-fidelity for an operation the vendor document lists but whose behaviour it does not fix. */
export function inferred (operationId: string, what: string): ReturnType<typeof fidelity> {
  return fidelity('inferred', `${vendorDoc} lists ${operationId}; ${what}`)
}

/** Query parameters clients send as 1/0 that the schemas declare boolean. */
export const booleanParams = new Set(['load_attributes', 'load_permissions', 'load_resource_data', 'load_children',
  'recursive', 'clone_children'])
