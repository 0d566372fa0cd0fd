export { buildApp, type App } from './app.js'
export { loadConfig, type Config } from './config.js'
export { startMock, type RunningMock, type StartOptions } from './start.js'
