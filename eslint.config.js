import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tap/**']
  }),
  { rules: { '@stylistic/max-len': ['error', { code: 120, ignoreUrls: false }] } }
]
