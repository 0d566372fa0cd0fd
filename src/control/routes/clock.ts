import type { FastifyInstance } from 'fastify'
import { MockError } from '../../core/errors.js'
import { responses } from '../../core/schemas.js'
import { startClockAt } from '../clock-state.js'
import { AdvanceSchema, ClockSchema, controlRoute, JobSpeedSchema, SetClockSchema } from '../schemas.js'
import { clockView } from '../views.js'
import { perInstance } from './per-instance.js'

const maxMs = 8.64e15

function parseTime (time: number | string): number {
  const ms = typeof time === 'number' ? time : Date.parse(time)
  if (!Number.isFinite(ms) || ms < 0 || ms > maxMs) {
    throw new MockError('UNPROCESSABLE', `time ${String(time)} is not a valid date`, 'time')
  }
  return ms
}

/** The instance clock (timestamps, holding tank, scheduler, jobs read it) and job speed. */
export async function clockRoutes (app: FastifyInstance): Promise<void> {
  perInstance(app, {
    method: 'GET',
    path: '/clock',
    schema: {
      operationId: 'mock_getClock',
      summary: 'Read the instance clock and job speed',
      ...controlRoute,
      response: responses({ 200: ClockSchema }, [400, 401, 503])
    },
    handler: async (_request, _reply, instance) => clockView(instance)
  })

  perInstance(app, {
    method: 'PUT',
    path: '/clock',
    schema: {
      operationId: 'mock_setClock',
      summary: 'Set the instance clock',
      description: 'Freezes the clock at `time` (ms since the epoch or ISO 8601) until advanced or released; ' +
        'with `frozen: false` it runs on from `time` at real speed.',
      ...controlRoute,
      body: SetClockSchema,
      response: responses({ 200: ClockSchema }, [400, 401, 422, 503])
    },
    handler: async (request, _reply, instance) => {
      const ms = parseTime(request.body.time)
      if (request.body.frozen === false) startClockAt(instance.clock, ms)
      else instance.clock.set(ms)
      return clockView(instance)
    }
  })

  perInstance(app, {
    method: 'POST',
    path: '/clock/advance',
    schema: {
      operationId: 'mock_advanceClock',
      summary: 'Move the instance clock forward',
      description: 'Adds `days`, `seconds` and `ms` (any combination). A frozen clock stays frozen at the new ' +
        'time; a running one keeps running, ahead by that much. Jobs on the clock move on accordingly.',
      ...controlRoute,
      body: AdvanceSchema,
      response: responses({ 200: ClockSchema }, [400, 401, 422, 503])
    },
    handler: async (request, _reply, instance) => {
      const { ms = 0, seconds = 0, days = 0 } = request.body ?? {}
      const step = ms + seconds * 1000 + days * 86400000
      if (instance.clock.now() + step > maxMs) {
        // Name the largest part given: that is the one to shrink.
        const field = days * 86400000 >= Math.max(ms, seconds * 1000) ? 'days' : seconds * 1000 >= ms ? 'seconds' : 'ms'
        throw new MockError('UNPROCESSABLE', `that is too far ahead (past ${new Date(maxMs).toISOString()})`, field)
      }
      instance.clock.advance(step)
      return clockView(instance)
    }
  })

  perInstance(app, {
    method: 'POST',
    path: '/clock/real',
    schema: {
      operationId: 'mock_realClock',
      summary: 'Back to real time',
      ...controlRoute,
      response: responses({ 200: ClockSchema }, [400, 401, 503])
    },
    handler: async (_request, _reply, instance) => {
      instance.clock.release()
      return clockView(instance)
    }
  })

  perInstance(app, {
    method: 'PUT',
    path: '/clock/job-speed',
    schema: {
      operationId: 'mock_setJobSpeed',
      summary: 'Set job speed: immediate or on the clock',
      description: '`immediate`: jobs (pushes, actions, SWIP) started from now on report their final state at ' +
        'once. `clock`: their steps become visible as the instance clock passes them (advance it to finish ' +
        'them). Jobs already started keep their plan.',
      ...controlRoute,
      body: JobSpeedSchema,
      response: responses({ 200: ClockSchema }, [400, 401, 503])
    },
    handler: async (request, _reply, instance) => {
      instance.jobs.speed = request.body.speed
      return clockView(instance)
    }
  })
}
