// The data report: see what a training set is made of. Used by `data report` and `data build --report`.
export { DataReportCollector, readManifestCounts } from './collect.js';
export type { AddResult, DataReportOptions } from './collect.js';
export { dataReportPieces, readDataReport, renderDataReportHtml, writeDataReport } from './html.js';
export { splitPrompt } from './split.js';
export type { PromptParts } from './split.js';
export { DOC_TIERS } from './types.js';
export type { DataDoc, DataReportData, DataReportIndex, DataReportManifest, DataRowBody, DataRowDoc, DataRowSummary, DocTier } from './types.js';
