// The HTML report: see the reward. Used by the `report` command and `score --report`; not part
// of the package's public entry points (its page script is for browsers, not for Node callers).
export { ReportCollector, uncountedRanges } from './rollouts/collect.js';
export type { CollectorOptions } from './rollouts/collect.js';
export { renderReportHtml, escapeHtml, encodeReportData, readReportData, uplotAssets } from './rollouts/html.js';
export { renderText } from './rollouts/layout.js';
export type { LayoutOptions, MarkRange, UncountedRange } from './rollouts/layout.js';
export { writeReport } from './write.js';
export type {
  ReportAside, ReportContext, ReportData, ReportDocument, ReportFailure, ReportRollout, ReportVerdict,
} from './rollouts/types.js';
