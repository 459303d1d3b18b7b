import { writeFile } from 'node:fs/promises';
import { renderReportHtml } from './html.js';
import type { ReportData } from './types.js';

/** Writes the report page for `data` to `file`; resolves with its size in bytes. */
export async function writeReport(file: string, data: ReportData): Promise<number> {
  const html = renderReportHtml(data);
  await writeFile(file, html, 'utf8');
  return Buffer.byteLength(html, 'utf8');
}
