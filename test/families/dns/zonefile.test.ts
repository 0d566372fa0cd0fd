import t from 'tap'
import { relativeOwner, renderZoneFile } from '../../../src/families/dns/zonefile.js'

const zone = {
  name: 'example.org.',
  primary: 'ns1.example.org.',
  mailbox: 'hostmaster.example.org.',
  serial: 2026120301,
  refresh: 7200,
  retry: 900,
  expire: 1209600,
  minimum: 300,
  ttl: 1800,
  nameservers: ['ns1.example.org.', 'ns2.example.net.']
}

t.test('relativeOwner', async (t) => {
  t.equal(relativeOwner('example.org.', 'example.org.'), '@')
  t.equal(relativeOwner('a.b.example.org.', 'example.org.'), 'a.b')
  t.equal(relativeOwner('elsewhere.net.', 'example.org.'), 'elsewhere.net.')
})

t.test('renderZoneFile', async (t) => {
  t.test('writes SOA, group nameservers and records in master-file format', async (t) => {
    const text = renderZoneFile(zone, [
      { host: 'www.example.org.', type: 'A', value: '198.51.100.1', ttl: 60 },
      { host: 'example.org.', type: 'NS', value: 'ns1.example.org.', ttl: null },
      { host: 'b.example.org.', type: 'TXT', value: 'say "hi"', ttl: null },
      { host: 'example.org.', type: 'MX', value: '5 mx.example.org.', ttl: 300 }
    ])
    t.equal(text, [
      '$ORIGIN example.org.',
      '$TTL 1800',
      '@\tIN\tSOA\tns1.example.org. hostmaster.example.org. (',
      '\t\t2026120301\t; serial',
      '\t\t7200\t; refresh',
      '\t\t900\t; retry',
      '\t\t1209600\t; expire',
      '\t\t300 )\t; minimum',
      '@\t\tIN\tNS\tns1.example.org.',
      '@\t\tIN\tNS\tns2.example.net.',
      '@\t300\tIN\tMX\t5 mx.example.org.',
      'b\t\tIN\tTXT\t"say \\"hi\\""',
      'www\t60\tIN\tA\t198.51.100.1',
      ''
    ].join('\n'))
  })

  t.test('splits long TXT data into 255-character strings', async (t) => {
    const long = { host: 'example.org.', type: 'TXT', value: 'k'.repeat(300), ttl: null }
    const text = renderZoneFile({ ...zone, nameservers: [] }, [long])
    t.match(text, `"${'k'.repeat(255)}" "${'k'.repeat(45)}"`)
  })
})
