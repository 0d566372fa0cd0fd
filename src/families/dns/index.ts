import type { Family } from '../../core/family.js'
import { DnsFixtureSchema, exportDns, seedDns } from './fixtures.js'
import { cnameExclusive, recordsInsideZones } from './invariants.js'
import { dnsRoutes } from './routes/index.js'
import { dnsTasks } from './tasks.js'
import { claimResourceTypes } from '../resources/store.js'
import { ACL, GROUP, SERVER } from './infra-store.js'
import { RECORD, ZONE } from './store.js'

// DNS objects are resources that dns.json seeds and exports itself.
claimResourceTypes(ZONE, RECORD, GROUP, SERVER, ACL)

export const dnsFamily: Family = {
  name: 'dns',
  title: 'DNS',
  description: 'DNS: zones and records (the confirmed endpoints the Go client, the Terraform provider and ' +
    'external-dns use), groups, servers and ACLs (modeled), pushes with push_status, and the zone file a push ' +
    'deploys. Zones and records are resources (`dnszone`, `dnsrecord`) in the resource tree, so the Resources ' +
    'API shows and edits the same objects. Zone SOA integers and `record_ttl` are quoted strings, never empty. ' +
    'Forward zones store zone_type `f` (ProVision\'s own value is not public), reverse zones `r`. Names are ' +
    'stored lowercase with a trailing dot; record data is checked per type (A, AAAA, CNAME, MX, NS, PTR, SRV, ' +
    'TXT, CAA) and a violation is a 422 naming the field.\n\n' +
    'Known gaps: only the nine record types above (no DS, DNSKEY, NAPTR, SSHFP, ...); no DNSSEC, views, ' +
    'approvals or zone import/transfer; zones cannot be renamed; `status` is free text; group, server and ACL ' +
    'paths and fields are the mock\'s own (no public v2 paths exist); a push does not contact any server — its ' +
    'output is readable at `push_output` and `GET /dns/zones/{id}/zonefile`; a change made through the Resources ' +
    'API is not checked on write and does not advance the zone serial (a push checks every record and ends in ' +
    '`error` on data a DNS server would refuse); the fixture export keeps only the record attrs, not extra zone attrs.',
  prefixes: ['/api/v2/dns'],
  seeders: [{ file: 'dns.json', schema: DnsFixtureSchema, seed: seedDns, export: exportDns }],
  routes: dnsRoutes,
  tasks: dnsTasks,
  invariants: [recordsInsideZones, cnameExclusive]
}
