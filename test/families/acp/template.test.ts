import t from 'tap'
import {
  parseTemplate, pathProblem, placeholdersIn, renderPath, renderValue, TemplateError, type Scope
} from '../../../src/families/acp/template.js'

const scope: Scope = {
  input: { mask: 28, host: 'host1.example.com.', list: ['a', 'b'], deep: { n: '7' }, odd: 'a/b?c#d' },
  steps: new Map([['assign', { status: 200, body: { id: 12, cidr: '10.0.0.16/28', tags: ['x'] } }]])
}

t.test('parseTemplate', async (t) => {
  t.test('splits text and placeholders with their filters', async (t) => {
    t.same(parseTemplate('/a/{{ input.mask }}/b'), ['/a/', {
      expression: 'input.mask', reference: { root: 'input', path: ['mask'] }, filters: []
    }, '/b'])
    t.same(parseTemplate('{{steps.assign.body.cidr | address | string}}'), [{
      expression: 'steps.assign.body.cidr',
      reference: { root: 'steps', step: 'assign', part: 'body', path: ['cidr'] },
      filters: ['address', 'string']
    }])
    t.same(parseTemplate('no placeholders'), ['no placeholders'])
  })

  t.test('refuses what it cannot read', async (t) => {
    for (const bad of ['{{input.mask', 'x}}', '{{env.HOME}}', '{{steps.assign}}', '{{steps.assign.headers}}',
      '{{steps.assign.status.code}}', '{{input.a b}}', '{{input.mask | upper}}', '{{input..x}}', '{{}}']) {
      t.throws(() => parseTemplate(bad), TemplateError, bad)
    }
  })
})

t.test('placeholdersIn', async (t) => {
  const found = placeholdersIn({ a: ['{{input.mask}}', 'plain'], b: { c: 'x {{steps.assign.status}}' }, d: 5 }, 'body')
  t.same(found.map((item) => [item.path, item.placeholder.expression]),
    [['body.a.0', 'input.mask'], ['body.b.c', 'steps.assign.status']])
  let deep: unknown = 'x'
  for (let i = 0; i < 40; i++) deep = [deep]
  t.throws(
    () => placeholdersIn(deep, 'body'),
    /nests deeper than 32 levels/,
    'deep nesting is refused, not a stack overflow'
  )
})

t.test('renderValue', async (t) => {
  t.test('a lone placeholder keeps the value\'s JSON type', async (t) => {
    t.same(
      renderValue(
        { mask: '{{input.mask}}', tags: '{{steps.assign.body.tags}}', id: '{{steps.assign.body.id}}' },
        scope
      ),
      { mask: 28, tags: ['x'], id: 12 }
    )
  })

  t.test('inside text, values are written as text', async (t) => {
    t.equal(
      renderValue('block {{steps.assign.body.cidr}} ({{steps.assign.status}})', scope),
      'block 10.0.0.16/28 (200)'
    )
    t.equal(renderValue('{{input.list}}!', scope), '["a","b"]!')
  })

  t.test('filters convert', async (t) => {
    t.equal(renderValue('{{steps.assign.body.cidr | address}}', scope), '10.0.0.16')
    t.equal(renderValue('{{steps.assign.body.cidr | mask}}', scope), 28)
    t.equal(renderValue('{{input.mask | string}}', scope), '28')
    t.equal(renderValue('{{input.deep.n | number}}', scope), 7)
    t.equal(renderValue('{{input.list.1}}', scope), 'b', 'array indexes')
    t.throws(() => renderValue('{{input.host | number}}', scope), /is not a number/)
    t.throws(() => renderValue('{{input.host | mask}}', scope), /is not a CIDR/)
    t.throws(() => renderValue('{{input.mask | address}}', scope), /is not a CIDR or an address/)
  })

  t.test('a missing value or step is an error, never undefined', async (t) => {
    t.throws(() => renderValue('{{input.nope}}', scope), /input.nope is missing/)
    t.throws(() => renderValue('{{input.list.9}}', scope), /is missing/)
    t.throws(() => renderValue('{{input.mask.x}}', scope), /is missing/)
    t.throws(() => renderValue('{{input.constructor}}', scope), /is missing/, 'no prototype properties')
    t.throws(() => renderValue('{{steps.dns.status}}', scope), /step dns has not run/)
  })

  t.test('non-strings are copied', async (t) => {
    t.same(renderValue([1, true, null, { a: 2 }], scope), [1, true, null, { a: 2 }])
  })
})

t.test('renderPath', async (t) => {
  t.test('keeps a CIDR\'s slash in the path and encodes everything else', async (t) => {
    t.equal(
      renderPath('/api/v2/ipam/netblocks/{{steps.assign.body.cidr}}', scope),
      '/api/v2/ipam/netblocks/10.0.0.16/28'
    )
    t.equal(renderPath('/api/v2/x/{{input.odd}}', scope), '/api/v2/x/a/b%3Fc%23d')
  })

  t.test('encodes query values completely', async (t) => {
    t.equal(renderPath('/api/v2/ipam/netblocks?cidr={{steps.assign.body.cidr}}&x={{input.odd}}', scope),
      '/api/v2/ipam/netblocks?cidr=10.0.0.16%2F28&x=a%2Fb%3Fc%23d')
  })
})

t.test('pathProblem', async (t) => {
  t.equal(pathProblem('/api/v2/config'), undefined)
  t.equal(pathProblem('/api/v2/ipam/netblocks/10.0.0.0/24?x=..'), undefined, 'dots in a query are data')
  t.match(pathProblem('/_mock/reset'), /starts with \/api\/v2\//)
  t.match(pathProblem('/api/v2/../_mock/reset'), /\. or \.\./)
  t.match(pathProblem('/api/v2/x/%2e%2e/y'), /\. or \.\./)
  t.match(pathProblem('/api/v2/acp/workflows/a/run'), /ACP or Scheduler/)
  t.match(pathProblem('/api/v2//scheduler/tasks/1/run'), /ACP or Scheduler/, 'doubled slashes do not hide it')
  t.match(pathProblem('/api/v2/acp'), /ACP or Scheduler/)
})
