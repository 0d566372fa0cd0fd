import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

// Cheap scrypt parameters: the mock stores hashes so nothing keeps a plain password, but it
// seeds instances and checks credentials constantly, so a hash must cost about a millisecond.
const params = { N: 1024, r: 8, p: 1 }
const keyLength = 32

/** `scrypt$N$r$p$salt$key`, salt and key in base64. */
export function hashPassword (password: string): string {
  const salt = randomBytes(16)
  const key = scryptSync(password, salt, keyLength, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export function verifyPassword (password: string, stored: string): boolean {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, N, r, p, salt, key] = parts
  const expected = Buffer.from(key, 'base64')
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(N), r: Number(r), p: Number(p)
  })
  return timingSafeEqual(expected, actual)
}
