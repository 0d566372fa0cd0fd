import t from 'tap'
import { Type } from 'typebox'
import { MockError } from '../../src/core/errors.js'
import { idFromText, ID_PATTERN, MAX_ID, readId, sentText, unsafeIntegerLiterals } from '../../src/core/ids.js'
import { validatorCompiler } from '../../src/core/validation.js'

const isId = (text: string): boolean => new RegExp(ID_PATTERN).test(text)

t.test('ID_PATTERN', async (t) => {
  t.test('takes every digit string of at most 16 digits up to 2^53 - 1', async (t) => {
    for (const text of ['0', '7', '007', '999999999999999', '0000000000000001', '8999999999999999',
      '9006999999999999', '9007199254740989', '9007199254740990', '9007199254740991']) {
      t.ok(isId(text), text)
    }
  })

  t.test('refuses anything larger or longer, and anything but digits', async (t) => {
    for (const text of ['', '9007199254740992', '9007199254740999', '9007199254741000', '9007200000000000',
      '9100000000000000', '10000000000000000', '00000000000000001', '9223372036854775807', '-1', '1.5', ' 1', 'a']) {
      t.notOk(isId(text), JSON.stringify(text))
    }
  })

  t.test('agrees with BigInt arithmetic near the limit', async (t) => {
    for (let n = BigInt(MAX_ID) - 2000n; n <= BigInt(MAX_ID) + 2000n; n += 7n) {
      t.equal(isId(String(n)), n <= BigInt(MAX_ID), String(n))
    }
  })
})

t.test('readId', async (t) => {
  t.test('reads numbers and digit strings; "", null and undefined are not given', async (t) => {
    t.equal(readId(5, 'x'), 5)
    t.equal(readId('5', 'x'), 5)
    t.equal(readId(MAX_ID, 'x'), MAX_ID)
    t.equal(readId('', 'x'), undefined)
    t.equal(readId(null, 'x'), undefined)
    t.equal(readId(undefined, 'x'), undefined)
  })

  t.test('anything else is a 400 naming the field and quoting the value', async (t) => {
    t.throws(() => readId('9223372036854775807', 'resource_id'), new MockError('BAD_REQUEST',
      'resource_id "9223372036854775807" must be a whole number from 0 to 9007199254740991', 'resource_id'))
    t.throws(() => readId(-1, 'id'), { message: 'id -1 must be a whole number from 0 to 9007199254740991' })
    t.throws(() => readId(2 ** 64, 'id'), { message: /^id \(a number larger than 9007199254740991\) must/ })
  })

  t.test('idFromText: the same rule for text that must be an id', async (t) => {
    t.equal(idFromText('42', 'params.ref'), 42)
    t.throws(() => idFromText('', 'params.ref'), { message: /^params\.ref "" must be a whole number/ })
    t.throws(() => idFromText('99999999999999999999', 'params.ref'), { message: /"99999999999999999999"/ })
  })
})

t.test('unsafeIntegerLiterals', async (t) => {
  t.test('finds the integer literals JSON.parse rounds, by what they become', async (t) => {
    const found = unsafeIntegerLiterals('{"a":9223372036854775807,"b":[1, -99999999999999999999],"c":2.5e30}')
    const big = Number('9223372036854775807')
    const negative = '-99999999999999999999'
    t.same([...(found ?? [])], [[big, '9223372036854775807'], [Number(negative), negative]])
    t.equal(sentText(big, found), '9223372036854775807')
    t.equal(sentText(big), '(a number larger than 9007199254740991)')
  })

  t.test('skips digits inside strings, and bodies without 16 digits in a row', async (t) => {
    t.equal(unsafeIntegerLiterals('{"a":"9223372036854775807","b":"x\\\\"}'), undefined)
    t.equal(unsafeIntegerLiterals('{"a":"x\\"99999999999999999999"}'), undefined)
    t.equal(unsafeIntegerLiterals('{"a":123}'), undefined)
  })
})

t.test('validation keeps the text a coerced query value was sent as', async (t) => {
  const schema = Type.Object({ id: Type.Integer({ minimum: 0, maximum: MAX_ID }) })
  const validate: any = validatorCompiler({ schema, httpPart: 'querystring', method: 'GET', url: '/x' } as any)
  t.equal(validate({ id: '9223372036854775807' }), false)
  t.equal(validate.errors[0].keyword, 'maximum')
  t.equal(validate.errors[0].data, '9223372036854775807')
})
