import { MonitoringReportSchema } from '@tabula/contracts';
import type { MonitoringKind, MonitoringReport } from '@tabula/contracts';
import { MONITORING_REPORTS_KEPT } from '../monitoring-reports.js';
import { parseModelName } from '../parse-names.js';
import type { RegistryPool } from './registry-pool.js';

/** Stores a report and drops that version's and kind's reports beyond the newest MONITORING_REPORTS_KEPT. */
export async function insertMonitoringReport(pool: RegistryPool, report: MonitoringReport): Promise<void> {
  const parsed = MonitoringReportSchema.parse(report);
  const name = parseModelName(parsed.model_name);
  await pool.transaction(async (client) => {
    await client.query('INSERT INTO monitoring_reports (model_name, version, kind, created_at, report) VALUES ($1, $2, $3, $4, $5)', [
      name,
      parsed.model_version,
      parsed.kind,
      parsed.created_at,
      JSON.stringify(parsed),
    ]);
    await client.query(
      `DELETE FROM monitoring_reports WHERE id IN (
         SELECT id FROM monitoring_reports WHERE model_name = $1 AND version = $2 AND kind = $3
         ORDER BY created_at DESC, id DESC OFFSET $4)`,
      [name, parsed.model_version, parsed.kind, MONITORING_REPORTS_KEPT],
    );
  });
}

/** A version's newest reports of one kind, newest first; a row that no longer parses is skipped. */
export async function selectMonitoringReports(pool: RegistryPool, name: string, version: number, kind: MonitoringKind, limit: number): Promise<MonitoringReport[]> {
  const { rows } = await pool.query<{ report: unknown }>(
    'SELECT report FROM monitoring_reports WHERE model_name = $1 AND version = $2 AND kind = $3 ORDER BY created_at DESC, id DESC LIMIT $4',
    [name, version, kind, limit],
  );
  return rows.flatMap((row) => {
    const parsed = MonitoringReportSchema.safeParse(row.report);
    return parsed.success ? [parsed.data] : [];
  });
}
