import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Bindings, ChildLoggerOptions } from 'pino'

/**
 * `request.log` that makes its pino child (the one carrying `reqId`) only when something is
 * logged through it. Fastify makes that child for every request, and most requests log nothing
 * through it: the per-request line is written on the root logger with `reqId` among its fields.
 */
class LazyRequestLogger {
  #child: FastifyBaseLogger | undefined
  readonly #parent: FastifyBaseLogger
  readonly #bindings: Bindings
  readonly #options: ChildLoggerOptions

  constructor (parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent
    this.#bindings = bindings
    this.#options = options
  }

  #real (): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options))
  }

  // A child starts at its parent's level; reading it makes no child.
  get level (): string { return (this.#child ?? this.#parent).level }
  set level (level: string) { this.#real().level = level }

  fatal (...args: unknown[]): void { this.#log('fatal', args) }
  error (...args: unknown[]): void { this.#log('error', args) }
  warn (...args: unknown[]): void { this.#log('warn', args) }
  info (...args: unknown[]): void { this.#log('info', args) }
  debug (...args: unknown[]): void { this.#log('debug', args) }
  trace (...args: unknown[]): void { this.#log('trace', args) }
  silent (): void {}

  #log (level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: unknown[]): void {
    const real = this.#real()
    Reflect.apply(real[level], real, args)
  }

  child (bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options)
  }

  isLevelEnabled (level: string): boolean {
    const logger = (this.#child ?? this.#parent) as { isLevelEnabled?: (level: string) => boolean }
    return logger.isLevelEnabled?.(level) ?? false
  }
}

/** Fastify's childLoggerFactory: a lazy `request.log` (see LazyRequestLogger). */
export function lazyChildLogger (
  this: FastifyInstance, logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions
): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger
}
