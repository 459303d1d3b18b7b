import { writeFileAtomic } from '../io/index.js';
import { renderReportHtml } from './rollouts/html.js';
import type { ReportData } from './rollouts/types.js';

/** Writes the report page for `data` to `file`; resolves with its size in bytes. */
export async function writeReport(file: string, data: ReportData): Promise<number> {
  const html = renderReportHtml(data);
  // Beside the target, then renamed: a killed run never leaves a torn page over a complete one.
  await writeFileAtomic(file, html);
  return Buffer.byteLength(html, 'utf8');
}
