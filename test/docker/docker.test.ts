import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join, posix, relative } from 'node:path'
import { promisify } from 'node:util'
import { DCLinter } from 'dclint'
import { Copy, DockerfileParser, Env, From, type Dockerfile, type Instruction } from 'dockerfile-ast'
import { validate } from 'dockerfile-utils'
import t from 'tap'
import { parseDocument } from 'yaml'
import { helpText, loadConfig } from '../../src/config.js'
import { buildTestApp } from '../helpers/app.js'

// No Docker engine runs where these tests run: the files are parsed, linted and cross-checked
// against the repository instead of built.

const root = process.cwd()
const dockerfileText = readFileSync('docker/Dockerfile', 'utf8')
const dockerfile = DockerfileParser.parse(dockerfileText)
const composeText = readFileSync('docker/compose.yaml', 'utf8')
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  scripts: Record<string, string>
  bin: Record<string, string>
  dependencies: Record<string, string>
}
const execFileAsync = promisify(execFile)

interface Stage { name: string | null, image: string, instructions: Instruction[] }

/** The Dockerfile's stages, each with its instructions and its base image with ARG defaults applied. */
function stagesOf (file: Dockerfile): Stage[] {
  const args = new Map<string, string>()
  for (const arg of file.getInitialARGs()) {
    const property = arg.getProperty()
    if (property !== null) args.set(property.getName(), property.getValue() ?? '')
  }
  const stages: Stage[] = []
  for (const instruction of file.getInstructions()) {
    if (instruction instanceof From) {
      const image = (instruction.getImage() ?? '').replace(/\$\{(\w+)\}/g, (_match, name) => args.get(name) ?? '')
      stages.push({ name: instruction.getBuildStage(), image, instructions: [] })
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction)
    }
  }
  return stages
}

function keyword (stage: Stage, name: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.getKeyword() === name)
}

/** An exec-form argument list (`["node", "x"]`, after any HEALTHCHECK `CMD`) or a shell form, as words. */
function execForm (instruction: Instruction): string[] {
  const content = instruction.getArgumentsContent() ?? ''
  const json = content.slice(Math.max(0, content.indexOf('[')))
  return json.startsWith('[') ? JSON.parse(json) as string[] : content.split(/\s+/)
}

function envOf (stage: Stage): Record<string, string> {
  const env: Record<string, string> = {}
  for (const instruction of stage.instructions) {
    if (!(instruction instanceof Env)) continue
    for (const property of instruction.getProperties()) env[property.getName()] = property.getValue() ?? ''
  }
  return env
}

function copySources (instruction: Instruction): { from: string | null, sources: string[] } {
  const args = instruction.getArguments().map((arg) => arg.getValue()).filter((value) => !value.startsWith('--'))
  const from = instruction instanceof Copy ? instruction.getFromFlag()?.getValue() ?? null : null
  return { from, sources: args.slice(0, -1) }
}

/** True when a .dockerignore line keeps `path` out of the build context (plain names and `*.ext`). */
function ignoredBy (patterns: string[], path: string): boolean {
  const clean = path.replace(/^\.\//, '').replace(/\/$/, '')
  return patterns.some((pattern) => {
    if (pattern.startsWith('*')) return clean.endsWith(pattern.slice(1))
    return clean === pattern || clean.startsWith(pattern + '/') || pattern.startsWith(clean + '/')
  })
}

function filesUnder (dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** Runs `node -e <script>` as the container would and answers its exit code. */
async function exitCodeOf (command: string[], env: Record<string, string>): Promise<number> {
  const [program, ...args] = command
  try {
    await execFileAsync(program === 'node' ? process.execPath : program, args, {
      env: { ...process.env, ...env },
      timeout: 20_000
    })
    return 0
  } catch (error) {
    return (error as { code?: number }).code ?? -1
  }
}

const stages = stagesOf(dockerfile)
const final = stages[stages.length - 1]
const finalEnv = envOf(final)
const compose = parseDocument(composeText)
const composeJs = compose.toJS() as Record<string, any>
const service = composeJs.services?.['provision-mock'] ?? {}

t.test('docker/Dockerfile', async (t) => {
  t.test('passes the Dockerfile linter', async (t) => {
    t.same(
      validate(dockerfileText).map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.message}`),
      []
    )
  })

  t.test('the linter does flag a broken Dockerfile', async (t) => {
    t.ok(validate('FROM node:22-bookworm-slim\nCOPY onlyone\nHEALTHCHECK CMD\nEXPOSE port\n').length >= 2)
  })

  t.test('builds in named stages from a current Node LTS slim image', async (t) => {
    t.ok(stages.length >= 2, 'multi-stage')
    for (
      const stage of stages
    ) t.match(stage.image, /^node:(22|24)-(bookworm|trixie)-slim$/, `${stage.name ?? 'final'} base`)
    const sqlite = JSON.parse(readFileSync('node_modules/better-sqlite3/package.json', 'utf8'))
    const major = /^node:(\d+)/.exec(final.image)?.[1]
    t.ok(sqlite.engines.node.split('||').map((range: string) => range.trim()).includes(`${major}.x`),
      `better-sqlite3 ${sqlite.version} supports Node ${major}, so its prebuilt binary installs`)
    const names = new Set(stages.map((stage) => stage.name))
    for (const stage of stages) {
      for (const copy of keyword(stage, 'COPY')) {
        const { from } = copySources(copy)
        if (from !== null) t.ok(names.has(from), `COPY --from=${from} names an earlier stage`)
      }
    }
  })

  t.test('every COPY source from the context exists and .dockerignore lets it through', async (t) => {
    const ignore = readFileSync('.dockerignore', 'utf8').split('\n').map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
    let checked = 0
    for (const stage of stages) {
      for (const copy of keyword(stage, 'COPY')) {
        const { from, sources } = copySources(copy)
        if (from !== null) continue
        for (const source of sources) {
          checked++
          t.ok(existsSync(join(root, source)), `${source} exists`)
          t.notOk(ignoredBy(ignore, source), `${source} is not excluded by .dockerignore`)
        }
      }
    }
    t.ok(checked >= 4)
    t.ok(ignoredBy(ignore, 'node_modules'), 'local node_modules stay out of the context')
  })

  t.test('its RUN and CMD commands are the package scripts', async (t) => {
    const runs = stages.flatMap((stage) => keyword(stage, 'RUN')).map((run) => run.getArgumentsContent() ?? '')
    for (const run of runs) {
      for (
        const [, script] of run.matchAll(/npm run (\S+)/g)
      ) t.ok(pkg.scripts[script], `npm run ${script} is a script`)
    }
    t.ok(runs.some((run) => /\bnpm run build\b/.test(run)), 'a stage runs npm run build')
    t.ok(runs.some((run) => /\bnpm ci\b.*--omit=dev/.test(run)), 'a stage installs production dependencies only')

    const [cmd] = keyword(final, 'CMD')
    t.equal(execForm(cmd).join(' '), pkg.scripts.start, 'CMD is what npm start runs (without the prestart build)')
    t.equal(execForm(cmd)[1], pkg.bin['provision-mock'], 'CMD runs the package bin')
    const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8'))
    const base = JSON.parse(readFileSync('tsconfig.json', 'utf8'))
    const outDir = build.compilerOptions?.outDir ?? base.compilerOptions.outDir
    const rootDir = build.compilerOptions?.rootDir ?? base.compilerOptions.rootDir
    const source = join(rootDir, relative(outDir, execForm(cmd)[1])).replace(/\.js$/, '.ts')
    t.ok(existsSync(source), `${execForm(cmd)[1]} is compiled from ${source}`)
  })

  t.test('the stage that runs npm run build has every file the build reads, copied before it', async (t) => {
    const runsBuild = (i: Instruction): boolean =>
      i.getKeyword() === 'RUN' && /\bnpm run build\b/.test(i.getArgumentsContent() ?? '')
    const stage = stages.find((s) => s.instructions.some(runsBuild))
    if (stage === undefined) return t.fail('no stage runs npm run build')
    const buildRun = stage.instructions.findIndex(runsBuild)
    const copied = stage.instructions.slice(0, buildRun).filter((i) => i.getKeyword() === 'COPY')
      .flatMap((copy) => copySources(copy).sources).map((source) => posix.normalize(source).replace(/\/$/, ''))
    const has = (path: string): boolean => copied.some((source) => path === source || path.startsWith(source + '/'))
    // Paths the build script names (tsconfig, the bundler script), what they name in turn (the
    // tsconfig it extends), and the default fixture set that the build's warm-up start seeds.
    const named = [...pkg.scripts.build.matchAll(/[\w.-]+(?:\/[\w.-]+)*\.(?:json|ts)\b/g)].map((m) => m[0])
    const config = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { extends?: string }
    const needed = [...named, ...(config.extends === undefined ? [] : [posix.normalize(config.extends)]),
      relative(root, loadConfig([], {}).fixtures), 'src']
    t.ok(named.length >= 2, `the build script names its files: ${named.join(', ')}`)
    for (const path of needed) {
      t.ok(existsSync(join(root, path)), `${path} exists`)
      t.ok(has(path), `${path} is copied into the ${stage.name ?? 'build'} stage before npm run build`)
    }
  })

  t.test('the final stage takes node_modules from the production-only stage', async (t) => {
    const productionStage = stages.find((stage) =>
      keyword(stage, 'RUN').some((run) => /\bnpm ci\b.*--omit=dev/.test(run.getArgumentsContent() ?? '')))
    const copies = keyword(final, 'COPY').map(copySources)
    t.ok(
      copies.some((copy) => copy.from === productionStage?.name && copy.sources.some((s) => s.endsWith('node_modules')))
    )
  })

  t.test('src imports only production dependencies', async (t) => {
    const builtins = new Set(builtinModules)
    const missing = new Set<string>()
    for (const file of filesUnder('src').filter((path) => path.endsWith('.ts'))) {
      const text = readFileSync(file, 'utf8')
      for (const [, specifier] of text.matchAll(/^import (?!type )[^'"]*?['"]([^'".][^'"]*)['"]/gm)) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]
        if (specifier.startsWith('node:') || builtins.has(name)) continue
        if (pkg.dependencies[name] === undefined) missing.add(`${name} (${file})`)
      }
    }
    t.same([...missing], [], 'every package src imports is in dependencies')
  })

  t.test('runs as a non-root user, listens on every interface, keeps the database in a volume', async (t) => {
    const instructions = final.instructions.map((instruction) => instruction.getKeyword())
    const user = keyword(final, 'USER').at(-1)?.getArgumentsContent() ?? 'root'
    t.notMatch(user, /^(root|0)(:|$)/, `USER ${user}`)
    t.ok(instructions.lastIndexOf('USER') < instructions.indexOf('CMD'), 'USER comes before CMD')
    t.equal(finalEnv.HOST, '0.0.0.0')
    const volumes = keyword(final, 'VOLUME').flatMap(execForm)
    t.ok(volumes.includes(posix.dirname(finalEnv.PROVISION_MOCK_DB)), `${finalEnv.PROVISION_MOCK_DB} is in a volume`)
    const config = loadConfig([], finalEnv)
    t.equal(config.host, '0.0.0.0')
    t.equal(config.dbPath, finalEnv.PROVISION_MOCK_DB)
  })

  t.test(
    'the fixtures directory is copied where PROVISION_MOCK_FIXTURES points, and can be mounted over',
    async (t) => {
      const workdir = keyword(final, 'WORKDIR').at(-1)?.getArgumentsContent() ?? '/'
      const fixtures = finalEnv.PROVISION_MOCK_FIXTURES
      t.ok(fixtures.startsWith(workdir + '/'), `${fixtures} is under ${workdir}`)
      const inRepo = posix.relative(workdir, fixtures)
      t.ok(existsSync(join(inRepo, 'users.json')), `${inRepo} is a fixture set`)
      const copied = keyword(final, 'COPY')
        .map(copySources)
        .filter((copy) => copy.from === null)
        .flatMap((copy) => copy.sources)
      t.ok(
        copied.some((source) => inRepo === source || inRepo.startsWith(source + '/')),
        `${inRepo} is copied into the image`
      )
    }
  )

  t.test('every ENV it sets is an option the mock reads', async (t) => {
    const known = new Set([...helpText().matchAll(/\b([A-Z][A-Z_]+)\b/g)].map((match) => match[1]))
    for (const name of Object.keys(finalEnv)) {
      if (name === 'NODE_ENV') continue
      t.ok(known.has(name), `${name} is a configuration variable`)
    }
  })
})

interface ComposeFinding { line: number, rule: string, message: string }

/** dclint's findings for one compose file (its type declarations do not resolve under NodeNext). */
function lintCompose (path: string): { errorCount: number, messages: ComposeFinding[] } {
  const linter = new DCLinter({ rules: {}, quiet: false, debug: false, exclude: [] })
  return linter.lintFiles([path], false)[0]
}

t.test('docker/compose.yaml', async (t) => {
  t.test('parses as YAML', async (t) => {
    t.same(compose.errors, [])
    t.type(composeJs.services, 'object')
  })

  t.test('passes the compose linter (schema and best practices) with no finding', async (t) => {
    const result = lintCompose('docker/compose.yaml')
    t.same(result.messages.map((message) => `${message.line}: ${message.rule}: ${message.message}`), [])
  })

  t.test('the linter does flag a broken compose file', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'provision-mock-compose-'))
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  a:\n    image: x\n    build: .\n    bogus: 1\n')
    const result = lintCompose(join(dir, 'compose.yaml'))
    t.ok(result.errorCount > 0)
  })

  t.test('builds from files that exist', async (t) => {
    const context = join('docker', service.build.context)
    t.equal(relative(root, join(root, context)), '', 'the context is the repository root')
    t.ok(existsSync(join(context, service.build.dockerfile)), `${service.build.dockerfile} exists in the context`)
    for (const volume of service.volumes as string[]) {
      const [source] = volume.split(':')
      if (source.startsWith('.')) t.ok(existsSync(join('docker', source)), `${source} exists`)
    }
  })

  t.test('keeps the database in a named volume mounted on the image volume', async (t) => {
    const dataDir = posix.dirname(finalEnv.PROVISION_MOCK_DB)
    const mounts = (service.volumes as string[]).map((volume) => volume.split(':'))
    const data = mounts.find(([, target]) => target === dataDir)
    t.ok(data, `a volume is mounted on ${dataDir}`)
    t.ok(data !== undefined && Object.hasOwn(composeJs.volumes ?? {}, data[0]), `${data?.[0]} is a named volume`)
  })

  t.test('publishes the port the image listens on', async (t) => {
    const exposed = keyword(final, 'EXPOSE').flatMap((expose) => expose.getArgumentsContent()?.split(/\s+/) ?? [])
    t.same(exposed, [finalEnv.PORT])
    const published = (service.ports as string[]).map((port) => port.split(':').at(-1))
    t.ok(published.includes(finalEnv.PORT), `container port ${finalEnv.PORT} is published`)
  })

  t.test('the commented client example waits for the mock to be healthy and lints clean', async (t) => {
    const block = composeText.split('\n').filter((line) => /^ {2}# {1,}\S/.test(line))
    const start = block.findIndex((line) => line === '  # tests:')
    t.ok(start >= 0, 'the example is there')
    const example = block.slice(start).map((line) => line.replace(/^ {2}# /, '  ')).join('\n')
    const withClient = composeText.replace(/\nvolumes:/, `\n${example}\n\nvolumes:`)
    const parsed = parseDocument(withClient).toJS()
    t.same(parsed.services.tests.depends_on, { 'provision-mock': { condition: 'service_healthy' } })
    t.match(parsed.services.tests.environment.PROVISION_HOST, /^http:\/\/provision-mock:8080$/)
    t.ok(parsed.services.tests.environment.PROVISION_USERNAME, "the Terraform provider's variable names")
    const dir = mkdtempSync(join(tmpdir(), 'provision-mock-compose-'))
    writeFileSync(join(dir, 'compose.yaml'), withClient)
    const result = lintCompose(join(dir, 'compose.yaml'))
    t.equal(result.errorCount, 0, result.messages.map((message) => message.message).join('; '))
  })
})

t.test('GET /_mock/ready as the container health checks call it', async (t) => {
  const [healthcheck] = keyword(final, 'HEALTHCHECK')
  const imageCommand = execForm(healthcheck)
  const composeCommand = (service.healthcheck.test as string[]).slice(1)
  t.equal(service.healthcheck.test[0], 'CMD', 'compose runs it without a shell')
  t.same(composeCommand, imageCommand, 'compose and the image run the same check')
  t.match(imageCommand.join(' '), /\/_mock\/ready/)

  const app = await buildTestApp(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }

  t.test('exits 0 while the mock is ready', async (t) => {
    t.equal(await exitCodeOf(imageCommand, { PORT: String(port) }), 0)
  })

  t.test('exits 1 when nothing answers', async (t) => {
    await app.close()
    t.equal(await exitCodeOf(imageCommand, { PORT: String(port) }), 1)
  })
})
