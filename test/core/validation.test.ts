// Request validators compile on first use, so startup does not pay for ~170 routes' ajv code.
import t from 'tap'
import { validatorCompiler } from '../../src/core/validation.js'

const compile = (schema: object, httpPart = 'body'): any =>
  validatorCompiler({ schema, httpPart, method: 'POST', url: '/x' } as any)

t.test('validatorCompiler', async (t) => {
  t.test('compiles nothing until the first request', async (t) => {
    // ajv refuses an unknown type when compiling; a deferred compile only throws when used.
    const validate = compile({ type: 'no-such-type' })
    t.type(validate, 'function')
    t.throws(() => validate({}), /no-such-type|type/)
  })

  t.test('reports errors like an ajv validator', async (t) => {
    const validate = compile({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } })
    t.equal(validate({ name: 'x' }), true)
    t.equal(validate.errors, null)
    t.equal(validate({ name: 1 }), false)
    t.equal(validate.errors[0].instancePath, '/name')
    t.equal(validate({}), false)
    t.equal(validate.errors[0].keyword, 'required')
  })

  t.test('coerces query text but not bodies', async (t) => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } } }
    const query = { n: '5' }
    t.equal(compile(schema, 'querystring')(query), true)
    t.equal(query.n, 5)
    t.equal(compile(schema, 'body')({ n: '5' }), false)
  })
})
