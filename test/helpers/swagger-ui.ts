import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page, type Request } from 'playwright-core'
import type { App } from '../../src/app.js'

/** Debian's chromium; Playwright's own browser builds are never downloaded. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Why the browser tests cannot run here, or null when Chromium is installed. */
export function chromiumMissing (): string | null {
  if (existsSync(chromiumPath)) return null
  return `Chromium not found at ${chromiumPath}: the Swagger UI browser tests drive Debian's chromium. ` +
    'Install it with `apt-get update && apt-get install -y --no-install-recommends chromium` ' +
    '(.ci/run does this in CI), or point CHROMIUM_PATH at another Chromium.'
}

/**
 * Headless Chromium with nothing running in the background. Playwright gives every launch a
 * fresh temporary --user-data-dir and removes it on close.
 */
export async function launchChromium (): Promise<Browser> {
  return await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
    timeout: 60_000
  })
}

export interface Operation {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete'
  path: string
}

export interface OperationResult {
  /** The status Swagger UI shows under "Server response". */
  status: number
  /** The response body Swagger UI shows, parsed. */
  body: any
  /** Where the browser sent the request. */
  url: string
  authorization: string | undefined
}

/** A family's demo: its document in the selector, a read and a write whose example bodies work as they are. */
export interface Demo {
  /** The document's name in /dev/openapi/{name}.json. */
  name: string
  /** Its title in the selector. */
  document: string
  read: Operation
  write: Operation
  /** True when a successful body carries real data, not an empty shell. */
  hasData: (body: any) => boolean
}

/** A netblock, or the first of a list, with a CIDR. */
function showsNetblock (body: any): boolean {
  const block = Array.isArray(body) ? body[0] : body
  return typeof block?.cidr === 'string' && block.cidr.includes('/')
}

export const demos: Demo[] = [
  {
    name: 'ipam',
    document: 'IPAM',
    read: { method: 'get', path: '/api/v2/ipam/netblocks' },
    write: { method: 'put', path: '/api/v2/ipam/netblocks/smart_assign' },
    hasData: showsNetblock
  },
  {
    name: 'config',
    document: 'Config',
    read: { method: 'get', path: '/api/v2/config' },
    write: { method: 'patch', path: '/api/v2/config' },
    hasData: (body) => typeof body.holding_tank_days === 'string' && Object.keys(body).length > 5
  }
]

/** The paths a demo's document serves; none while its family has no routes yet. */
export async function servedPaths (app: App, demo: Demo): Promise<string[]> {
  const response = await app.inject({ url: `/dev/openapi/${demo.name}.json` })
  return Object.keys((response.json() as { paths: Record<string, unknown> }).paths)
}

/** A person's steps on the /dev/swagger page, by what they see and click. */
export class SwaggerPage {
  /** Every URL the page requested, in order. */
  readonly requested: string[] = []

  constructor (readonly page: Page) {
    page.on('request', (request: Request) => { this.requested.push(request.url()) })
  }

  static async open (browser: Browser, url: string): Promise<SwaggerPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(45_000)
    const swagger = new SwaggerPage(await context.newPage())
    await swagger.goto(url)
    return swagger
  }

  async goto (url: string): Promise<void> {
    await this.page.goto(url)
    await this.page.locator('.information-container .title').waitFor()
  }

  async close (): Promise<void> {
    await this.page.context().close()
  }

  /** The document the selector shows. */
  async selectedDocument (): Promise<string> {
    const select = this.page.locator('select#select')
    return await select.locator(`option[value="${await select.inputValue()}"]`).innerText()
  }

  async title (): Promise<string> {
    return await this.page.locator('.information-container .title').innerText()
  }

  async chooseDocument (title: string): Promise<void> {
    await this.page.locator('select#select').selectOption({ label: title })
    await this.page.locator('.information-container .title', { hasText: `: ${title}` }).waitFor()
  }

  /** Authorize with HTTP Basic credentials, logging out whoever was authorized before. */
  async authorize (username: string, password: string): Promise<void> {
    await this.page.locator('.scheme-container button.authorize').click()
    const dialog = this.page.locator('.modal-ux')
    const logout = dialog.locator('button.modal-btn', { hasText: 'Logout' })
    const usernameField = dialog.locator('#auth-basic-username')
    // count() does not wait: let the dialog draw one or the other first.
    await usernameField.or(logout).first().waitFor()
    if (await logout.count() > 0) await logout.click()
    await usernameField.fill(username)
    await dialog.locator('#auth-basic-password').fill(password)
    await dialog.locator('button.modal-btn.authorize', { hasText: 'Authorize' }).click()
    await logout.waitFor()
    await dialog.locator('button.btn-done', { hasText: 'Close' }).click()
    await dialog.waitFor({ state: 'detached' })
  }

  async isAuthorized (): Promise<boolean> {
    const button = this.page.locator('.scheme-container button.authorize')
    await button.waitFor()
    return await button.evaluate((element) => element.classList.contains('locked'))
  }

  operation (operation: Operation) {
    return this.page.locator(`.opblock.opblock-${operation.method}`)
      .filter({ has: this.page.locator(`.opblock-summary-path[data-path="${operation.path}"]`) })
  }

  /** Expands the operation, "Try it out", Execute with the example body; answers what the page shows. */
  async tryOperation (operation: Operation): Promise<OperationResult> {
    const block = this.operation(operation)
    if (!(await block.evaluate((element) => element.classList.contains('is-open')))) {
      await block.locator('.opblock-summary').first().click()
    }
    // The button toggles between "Try it out" and "Cancel"; wait until the expanded body has
    // rendered it, since count() does not wait and a slow machine may not have drawn it yet.
    const toggle = block.locator('button.try-out__btn')
    await toggle.waitFor()
    if ((await toggle.innerText()).includes('Try it out')) await toggle.click()
    await block.locator('button.execute', { hasText: 'Execute' }).waitFor()
    const clear = block.locator('button.btn-clear', { hasText: 'Clear' })
    if (await clear.count() > 0) await clear.click()

    const sent = this.page.waitForRequest((request) =>
      request.method() === operation.method.toUpperCase() && new URL(request.url()).pathname.endsWith(operation.path))
    await block.locator('button.execute', { hasText: 'Execute' }).click()
    const request = await sent
    const row = block.locator('.live-responses-table tbody tr.response').first()
    await row.waitFor()
    const status = Number(await row.locator('.response-col_status').innerText())
    const text = await row.locator('.response-col_description pre.microlight').first().innerText()
    return { status, body: JSON.parse(text), url: request.url(), authorization: request.headers().authorization }
  }
}
