// The HTML report: see the reward. Used by the `report` command and `score --report`; not part
// of the package's public entry points (its page script is for browsers, not for Node callers).
export { ReportCollector, uncountedRanges } from './collect.js';
export type { CollectorOptions } from './collect.js';
export { renderReportHtml, escapeHtml, encodeReportData, readReportData, uplotAssets } from './html.js';
export { renderText } from './layout.js';
export type { LayoutOptions, MarkRange, UncountedRange } from './layout.js';
export { writeReport } from './write.js';
export type {
  ReportAside, ReportContext, ReportData, ReportDocument, ReportFailure, ReportRollout, ReportVerdict,
} from './types.js';
