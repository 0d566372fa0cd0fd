import type { Test } from 'tap'

export { call } from './dns.js'

/** Checks that every listed field is a JSON string. */
export function assertStrings (t: Test, body: Record<string, unknown>, keys: string[]): void {
  for (const key of keys) t.type(body[key], 'string', `${key} is a string`)
}

export const groupKeys = ['id', 'parent_id', 'name', 'domain_name', 'lease_time', 'date', 'modified']
export const serverKeys = ['id', 'parent_id', 'name', 'group_id', 'hostname', 'address', 'status', 'date', 'modified']
export const poolKeys = ['id', 'parent_id', 'name', 'group_id', 'pool_type', 'netblock_id', 'cidr', 'netmask',
  'range_start', 'range_end', 'router', 'status', 'date', 'modified']
export const reservationKeys = ['id', 'pool_id', 'name', 'mac', 'address', 'hostname', 'date', 'modified']

/** The dhcpd.conf of the default fixtures (group 400, pool 402, reservation 403). */
export const fixtureConfig = `# dhcpd.conf for DHCP group 400 (Default DHCP Group), rendered by provision-mock
authoritative;
default-lease-time 86400;
max-lease-time 172800;
option domain-name "example.com";
option domain-name-servers 192.0.2.53, 192.0.2.54;

# pool 402: Acme office clients
subnet 203.0.113.0 netmask 255.255.255.128 {
  range 203.0.113.100 203.0.113.126;
  option routers 203.0.113.1;
  option broadcast-address 203.0.113.127;
  host acme-printer-403 {
    hardware ethernet 00:11:22:33:44:55;
    fixed-address 203.0.113.10;
    option host-name "printer1";
  }
}
`
