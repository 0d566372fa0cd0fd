#!/usr/bin/env node
// The installed entry point (built over dist/src/server.js). It runs the bundled server
// (dist/src/server.bundle.cjs) through V8's code cache: compiling the bundle's few megabytes of
// JavaScript from scratch was the largest single cost of a cold start. The cache sits next to the
// bundle; `npm run build` fills it with a warm-up run, and a start that finds it missing, stale
// or from another Node version writes a fresh one a moment after startup. Nothing here is
// needed for correctness: any failure to read or write the cache only costs time.
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script, constants } from 'node:vm'

const bundle = fileURLToPath(new URL('./server.bundle.cjs', import.meta.url))
const cacheFile = `${bundle}.${process.versions.v8}.cache`

function readCache (): Buffer | undefined {
  try {
    return readFileSync(cacheFile)
  } catch {
    return undefined
  }
}

function writeCache (data: Buffer): void {
  const partial = `${cacheFile}.${process.pid}`
  try {
    writeFileSync(partial, data)
    renameSync(partial, cacheFile)
  } catch {
    // A read-only install runs without a cache.
  }
}

const cachedData = readCache()
const source = readFileSync(bundle, 'utf8').replace(/^#!/, '//')
const script = new Script(
  `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
  {
    filename: bundle,
    cachedData,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER as never
  }
)
const run = script.runInThisContext() as (...args: unknown[]) => void
const module = { exports: {} }
run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle))

if (cachedData === undefined || script.cachedDataRejected === true) {
  // Written once startup and the first requests have compiled what they use, so the cache
  // holds those functions too, not only the top level.
  const delay = Number(process.env.PROVISION_MOCK_CODE_CACHE_DELAY ?? 1000)
  setTimeout(() => writeCache(script.createCachedData()), delay).unref()
}
