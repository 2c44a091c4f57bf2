// How a fleet's results print: each site's own report under its name (exactly what the command
// prints for that site alone, or its error), then one summary table; or one JSON document.
import { AipcError, InputError, OptionError, optionFlag } from '../errors.js';

export const FLEET_FORMATS = ['text', 'markdown', 'json'] as const;
export type FleetFormat = (typeof FLEET_FORMATS)[number];

/** What a command says about one site's result. */
export interface FleetPrinter<T> {
  /** The site's report as the command prints it for that site alone. */
  readonly report: (result: T, format: 'text' | 'markdown', site: { readonly name: string }) => string;
  /** The site's result as the command's JSON output holds it. */
  readonly json: (result: T) => unknown;
  /** One summary cell: the counts that matter (`12 PASS, 1 FAIL`). */
  readonly summary: (result: T) => string;
}

/** A fleet's outcome, as far as printing needs it. */
export interface PrintableFleet<T> {
  readonly sites: readonly {
    readonly site: { readonly name: string; readonly tier: string; readonly tenantsFile?: string };
    readonly result?: T;
    readonly error?: AipcError;
    readonly exitCode: number;
  }[];
  readonly exitCode: number;
}

const VERDICT = (code: number): string => (code === 0 ? 'ok' : code === 1 ? 'FAIL' : 'ERROR');

/** A site's error as the command prints it for one site: `aipc: message` (the flag, not the option), then the hint. */
export function siteErrorText(error: AipcError): string {
  const message = error instanceof OptionError ? `${optionFlag(error.option)}: ${error.problem}` : error.message;
  return `aipc: ${message}\n${error.suggestion ? `hint: ${error.suggestion}\n` : ''}`;
}

function siteErrorJson(error: AipcError) {
  return {
    message: error instanceof OptionError ? `${optionFlag(error.option)}: ${error.problem}` : error.message,
    ...(error instanceof InputError ? { diagnostics: error.diagnostics } : {}),
    ...(error.suggestion ? { hint: error.suggestion } : {}),
  };
}

/** The whole fleet: per site, then the summary table (text or markdown), or one JSON document. */
export function formatFleet<T>(fleet: PrintableFleet<T>, format: FleetFormat, printer: FleetPrinter<T>): string {
  if (format === 'json')
    return `${JSON.stringify(
      {
        exitCode: fleet.exitCode,
        sites: fleet.sites.map((s) => ({
          site: s.site.name,
          tier: s.site.tier,
          ...(s.site.tenantsFile ? { tenants: s.site.tenantsFile } : {}),
          exitCode: s.exitCode,
          ...(s.error ? { error: siteErrorJson(s.error) } : { result: printer.json(s.result as T) }),
        })),
      },
      null,
      2,
    )}\n`;
  const md = format === 'markdown';
  const sections = fleet.sites.map((s) => {
    const from = s.site.tier === s.site.name ? '' : ` (${s.site.tier}${s.site.tenantsFile ? `, tenants ${s.site.tenantsFile}` : ''})`;
    const head = md ? `## ${s.site.name}${from}\n\n` : `=== ${s.site.name}${from}\n`;
    const body = s.error
      ? md
        ? `\`\`\`\n${siteErrorText(s.error)}\`\`\`\n`
        : siteErrorText(s.error)
      : printer.report(s.result as T, format, s.site);
    return `${head}${body}${body.endsWith('\n') ? '' : '\n'}`;
  });
  const rows = fleet.sites.map((s) => [
    s.site.name,
    VERDICT(s.exitCode),
    String(s.exitCode),
    s.error ? firstLine(s.error) : printer.summary(s.result as T),
  ]);
  const header = ['site', 'result', 'exit', 'summary'];
  const counts = [0, 1, 2].map((c) => fleet.sites.filter((s) => Math.min(s.exitCode, 2) === c).length);
  const total = `${fleet.sites.length} site${fleet.sites.length === 1 ? '' : 's'}: ${counts[0]} ok, ${counts[1]} failed, ${counts[2]} in error (exit ${fleet.exitCode})`;
  const table = md
    ? [`| ${header.join(' | ')} |`, '|---|---|---:|---|', ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`)]
    : aligned([header, ...rows]);
  return `${sections.join('\n')}\n${md ? '## Summary\n\n' : ''}${table.join('\n')}\n${md ? '\n' : ''}${total}\n`;
}

/** The first line of an error: what the summary cell shows (the section above has it all). */
function firstLine(error: AipcError): string {
  return siteErrorText(error)
    .split('\n')[0]
    .replace(/^aipc: /, '');
}

const escapeCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Columns padded to their widest cell; the last one left ragged. */
function aligned(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
}
