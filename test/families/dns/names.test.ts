import t, { type Test } from 'tap'
import { MockError } from '../../../src/core/errors.js'
import {
  absoluteName, mailboxName, nextSerial, qualifyHost, recordType, recordValue, txtStrings, uint32, zoneName
} from '../../../src/families/dns/names.js'

function rejects (t: Test, fn: () => unknown, field: string, message?: RegExp): void {
  try {
    fn()
    t.fail(`expected a 422 on ${field}`)
  } catch (error) {
    t.ok(error instanceof MockError, 'a MockError')
    t.equal((error as MockError).statusCode, 422)
    t.equal((error as MockError).field, field)
    if (message !== undefined) t.match((error as MockError).message, message)
  }
}

t.test('absoluteName', async (t) => {
  t.test('adds the trailing dot and lowercases', async (t) => {
    t.equal(absoluteName('WWW.Example.COM', 'f'), 'www.example.com.')
    t.equal(absoluteName('www.example.com.', 'f'), 'www.example.com.')
    t.equal(absoluteName('_sip._tcp.example.com', 'f'), '_sip._tcp.example.com.')
  })

  t.test('enforces RFC 1035 label and name lengths', async (t) => {
    t.equal(absoluteName(`${'a'.repeat(63)}.com`, 'f'), `${'a'.repeat(63)}.com.`)
    rejects(t, () => absoluteName(`${'a'.repeat(64)}.com`, 'f'), 'f', /longer than 63/)
    const long = Array.from({ length: 64 }, () => 'abc').join('.')
    rejects(t, () => absoluteName(long, 'f'), 'f', /at most 253/)
  })

  t.test('refuses empty labels, bad characters and edge hyphens', async (t) => {
    rejects(t, () => absoluteName('a..b', 'f'), 'f', /empty label/)
    rejects(t, () => absoluteName('bad name.com', 'f'), 'f')
    rejects(t, () => absoluteName('-a.com', 'f'), 'f', /starts or ends/)
    rejects(t, () => absoluteName('a-.com', 'f'), 'f', /starts or ends/)
    rejects(t, () => absoluteName('', 'f'), 'f')
  })

  t.test('allows a wildcard only as the leftmost label of an owner', async (t) => {
    t.equal(absoluteName('*.example.com', 'f', { wildcard: true }), '*.example.com.')
    rejects(t, () => absoluteName('*.example.com', 'f'), 'f')
    rejects(t, () => absoluteName('a.*.example.com', 'f', { wildcard: true }), 'f')
  })
})

t.test('qualifyHost', async (t) => {
  t.equal(qualifyHost('@', 'example.com.'), 'example.com.')
  t.equal(qualifyHost('', 'example.com.'), 'example.com.')
  t.equal(qualifyHost('www', 'example.com.'), 'www.example.com.')
  t.equal(qualifyHost('www.example.com', 'example.com.'), 'www.example.com.')
  t.equal(qualifyHost('example.com', 'example.com.'), 'example.com.')
  t.equal(qualifyHost('other.org.', 'example.com.'), 'other.org.', 'absolute names stay as given')
})

t.test('zoneName', async (t) => {
  t.equal(zoneName('example.com', false), 'example.com.')
  t.equal(zoneName('2.0.192.in-addr.arpa', true), '2.0.192.in-addr.arpa.')
  t.equal(zoneName('8.b.d.0.1.0.0.2.ip6.arpa.', true), '8.b.d.0.1.0.0.2.ip6.arpa.')
  rejects(t, () => zoneName('example.com', true), 'name', /in-addr\.arpa/)
  rejects(t, () => zoneName('2.0.192.in-addr.arpa', false), 'name', /reverse/)
  rejects(t, () => zoneName('.', false), 'name')
})

t.test('mailboxName writes an e-mail address as a domain name', async (t) => {
  t.equal(mailboxName('hostmaster@example.com'), 'hostmaster.example.com.')
  t.equal(mailboxName('hostmaster.example.com.'), 'hostmaster.example.com.')
  rejects(t, () => mailboxName('john.doe@example.com'), 'zone_mail')
})

t.test('uint32', async (t) => {
  t.equal(uint32('3600', 'record_ttl'), 3600)
  t.equal(uint32(3600, 'record_ttl'), 3600)
  t.equal(uint32('4294967295', 'zone_serial'), 4294967295)
  rejects(t, () => uint32('4294967296', 'zone_serial'), 'zone_serial')
  t.equal(uint32('2147483647', 'record_ttl'), 2147483647)
  rejects(t, () => uint32('2147483648', 'record_ttl'), 'record_ttl', /at most 2147483647/)
  rejects(t, () => uint32('2147483648', 'zone_minimum'), 'zone_minimum')
  rejects(t, () => uint32('-1', 'record_ttl'), 'record_ttl')
  rejects(t, () => uint32('1h', 'zone_ttl'), 'zone_ttl')
  rejects(t, () => uint32(1.5, 'zone_ttl'), 'zone_ttl')
})

t.test('recordType uppercases known types and refuses others', async (t) => {
  t.equal(recordType('aaaa'), 'AAAA')
  rejects(t, () => recordType('SOA'), 'record_type')
  rejects(t, () => recordType('NAPTR'), 'record_type')
})

t.test('recordValue per type', async (t) => {
  const host = 'www.example.com.'

  t.test('A takes a dotted-quad IPv4 address', async (t) => {
    t.equal(recordValue('A', '192.0.2.1', host), '192.0.2.1')
    for (const bad of ['192.0.2', '192.0.2.256', '192.0.2.01', '2001:db8::1', 'host.example.com']) {
      rejects(t, () => recordValue('A', bad, host), 'record_value', /IPv4/)
    }
  })

  t.test('AAAA takes an IPv6 address', async (t) => {
    t.equal(recordValue('AAAA', '2001:DB8::1', host), '2001:db8::1')
    for (const bad of ['192.0.2.1', '2001:db8::g', 'fe80::1%eth0']) {
      rejects(t, () => recordValue('AAAA', bad, host), 'record_value', /IPv6/)
    }
  })

  t.test('CNAME, NS and PTR take a domain name, made absolute', async (t) => {
    for (const type of ['CNAME', 'NS', 'PTR'] as const) {
      t.equal(recordValue(type, 'Target.Example.com', host), 'target.example.com.')
      rejects(t, () => recordValue(type, 'not a name', host), 'record_value')
      rejects(t, () => recordValue(type, '', host), 'record_value')
      rejects(t, () => recordValue(type, '.', host), 'record_value')
    }
  })

  t.test('MX takes a preference and an exchange', async (t) => {
    t.equal(recordValue('MX', '10 mail.example.com', host), '10 mail.example.com.')
    t.equal(recordValue('MX', '0 .', host), '0 .', 'null MX (RFC 7505)')
    rejects(t, () => recordValue('MX', 'mail.example.com', host), 'record_value', /preference exchange/)
    rejects(t, () => recordValue('MX', '65536 mail.example.com', host), 'record_value', /0-65535/)
    rejects(t, () => recordValue('MX', '10 mail..example.com', host), 'record_value')
  })

  t.test('SRV takes priority, weight, port and target under a _service._proto owner', async (t) => {
    const owner = '_sip._tcp.example.com.'
    t.equal(recordValue('SRV', '10 60 5060 sip.example.com', owner), '10 60 5060 sip.example.com.')
    rejects(t, () => recordValue('SRV', '10 60 5060', owner), 'record_value', /priority weight port target/)
    rejects(t, () => recordValue('SRV', '10 60 70000 sip.example.com', owner), 'record_value', /port/)
    rejects(t, () => recordValue('SRV', '10 60 5060 sip.example.com', 'sip.example.com.'), 'record_host',
      /_service\._proto/)
  })

  t.test('TXT takes plain text or quoted strings of at most 255 characters each', async (t) => {
    t.equal(recordValue('TXT', 'v=spf1 mx -all', host), 'v=spf1 mx -all')
    t.equal(recordValue('TXT', '"part one" "part two"', host), '"part one" "part two"')
    t.same(txtStrings('"a \\"quoted\\" word" "b"'), ['a "quoted" word', 'b'])
    t.same(txtStrings('x'.repeat(300)).map((s) => s.length), [255, 45], 'long plain text splits into 255s')
    rejects(t, () => recordValue('TXT', `"${'x'.repeat(256)}"`, host), 'record_value', /255/)
    rejects(t, () => recordValue('TXT', '"unterminated', host), 'record_value')
    rejects(t, () => recordValue('TXT', 'bell\u0007', host), 'record_value', /control/)
  })

  t.test('CAA takes flags, tag and value', async (t) => {
    t.equal(recordValue('CAA', '0 issue "letsencrypt.org"', host), '0 issue "letsencrypt.org"')
    t.equal(recordValue('CAA', '128 ISSUEWILD ;', host), '128 issuewild ";"')
    t.equal(recordValue('CAA', '0 iodef "mailto:security@example.com"', host), '0 iodef "mailto:security@example.com"')
    rejects(t, () => recordValue('CAA', '256 issue "ca.example"', host), 'record_value', /flags/)
    rejects(t, () => recordValue('CAA', 'issue "ca.example"', host), 'record_value', /flags tag value/)
    rejects(t, () => recordValue('CAA', '0 issue "bad ca!"', host), 'record_value', /issuer/)
  })
})

t.test('nextSerial always advances and prefers the date form', async (t) => {
  const day = Date.UTC(2026, 11, 3)
  t.equal(nextSerial(0, day), 2026120301)
  t.equal(nextSerial(2026120301, day), 2026120302)
  t.equal(nextSerial(2027010105, day), 2027010106, 'a serial ahead of the date keeps counting')
  t.equal(nextSerial(7, day), 2026120301)
})
