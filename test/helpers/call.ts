import type { HTTPMethods, LightMyRequestResponse } from 'fastify'
import type { App } from '../../src/app.js'
import { authAs, type UserName } from './app.js'

/** A default fixture user by name, or explicit headers (another user's Basic credentials). */
export type Caller = UserName | { authorization: string }

export type Call = (method: HTTPMethods, url: string, who?: Caller, payload?: object) => Promise<LightMyRequestResponse>

/** A short form of app.inject for API calls: `call('GET', '/api/v2/users', 'readonly')`. */
export function caller (app: App): Call {
  return async (method, url, who = 'admin', payload) =>
    app.inject({ method, url, headers: typeof who === 'string' ? authAs(who) : who, payload })
}
