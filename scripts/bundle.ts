// Bundles the server entry into one file, written over tsc's dist/src/server.js (part of
// `npm run build`, after tsc). Loading ~1,000 small ES modules (typebox alone has 700) cost more
// than half of cold start; one file loads in a fraction of that. `npm run bench` measures it.
// The library entry (dist/src/index.js) stays as tsc wrote it.
import { build } from 'esbuild'

// Left as imports from node_modules: a native addon, and packages that find files of their own
// at run time (Swagger UI's static assets; pino's transport worker and the pretty printer).
const external = ['better-sqlite3', '@fastify/swagger-ui', 'pino', 'pino-pretty']

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/src/server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: true,
  logLevel: 'warning',
  // Bundled CommonJS packages call require() for Node built-ins; ES modules have none of their own.
  banner: {
    js: "import { createRequire as provisionMockRequire } from 'node:module';\n" +
      'const require = provisionMockRequire(import.meta.url);'
  }
})
