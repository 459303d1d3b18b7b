// Public entry point of `longtrace-reward/server`: the reward microservice. It is its own entry so
// that the scorers ("longtrace-reward") never load fastify or piscina.
export { createRewardServer } from './app.js';
export type { BatchItemError, BatchItemResult, BatchResponse, EvaluateResponse, GetRewardResponse, RewardResponse, ScoredResult } from './app.js';
export { startServer } from './start.js';
export type { RunningServer } from './start.js';
export type { RewardServerOptions, StartServerOptions } from './options.js';
export type { ErrorBody, HttpErrorCode } from './http-error.js';
export type { RewardWarning, WarningCode } from './evaluate.js';
export { createRetrieveServer, startRetrieveServer } from './retrieve.js';
export type { RetrieveServerOptions, RunningRetrieveServer } from './retrieve.js';
