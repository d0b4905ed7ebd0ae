import { frameOwner } from '../profile/frame-owner.ts';
import type { TopFunction } from '../profile/cpuprofile-to-top-functions.ts';
import type { RunRecord } from '../results/run-record.ts';
import { escapeHtml } from './html-escape.ts';
import type { ProfilingOverhead } from '../analysis/profiling-overhead.ts';
import type { ProfileDiffLink } from './write-profile-diffs.ts';

const kindLabels: Record<string, string> = {
  flamegraph: 'flame graph (0x)',
  'jfr-flamegraph': 'flame graph (JFR)',
  'clinic-doctor': 'clinic doctor',
  'clinic-flame': 'clinic flame',
  'clinic-bubbleprof': 'clinic bubbleprof',
};

/** `href` for a file of the run: relative to the report, which may sit elsewhere (a comparison's folder). */
export type LinkTo = (fileInRun: string, cellIndex: number) => string;

/** Top functions by self time, per variant (its first profiled cell) and process. */
export function topFunctionsTables(record: RunRecord, linkTo: LinkTo): string {
  const profiled = record.cells.filter(
    (c, i, all) =>
      c.status === 'completed' && c.profiles?.length && all.findIndex((o) => o.variant === c.variant && o.status === 'completed' && o.profiles?.length) === i,
  );
  if (profiled.length === 0) return '<p>No CPU profiles in this run (set <code>profile: { cpu: true }</code>).</p>';
  return profiled
    .map((cell) =>
      cell
        .profiles!.map((profile) => {
          const pipeline = profile.topFunctions.filter((f) => frameOwner(f.location) === 'pipeline');
          const harness = profile.topFunctions.filter((f) => frameOwner(f.location) === 'harness');
          const harnessSelf = harness.reduce((sum, f) => sum + f.selfPercent, 0);
          const where = (f: TopFunction) => `${escapeHtml(f.location)}${f.caller ? `<br><small>called from ${escapeHtml(f.caller)}</small>` : ''}`;
          return `<h3>${escapeHtml(cell.variant)} r${cell.repetition} — ${escapeHtml(profile.process)} (<a href="${escapeHtml(linkTo(profile.cpuprofile, cell.index))}">.cpuprofile</a>)</h3>
<table class="top-functions"><tr><th>function</th><th>file:line</th><th>self ms</th><th>self %</th><th>total ms</th><th>total %</th></tr>${pipeline
            .slice(0, 10)
            .map(
              (f) =>
                `<tr><td>${escapeHtml(f.function)}</td><td>${where(f)}</td><td>${f.selfMs}</td><td>${f.selfPercent}</td><td>${f.totalMs}</td><td>${f.totalPercent}</td></tr>`,
            )
            .join('')}</table>
<p class="harness-frames">${
            harness.length
              ? `Left out above, the harness's own frames among the top ${profile.topFunctions.length} (loading TypeScript and modules, measuring): ${harnessSelf.toFixed(1)} % self — ${harness
                  .slice(0, 5)
                  .map((f) => `${escapeHtml(f.function)} ${f.selfPercent} %`)
                  .join(', ')}.`
              : `No harness frames (module loading, measuring) among the top ${profile.topFunctions.length}.`
          }</p>`;
        })
        .join('\n'),
    )
    .join('\n');
}

/** Every profiler page of the run (0x, clinic, JFR), one row per cell and process. */
export function profileLinksTable(record: RunRecord, linkTo: LinkTo): string {
  const rows = record.cells.flatMap((cell) => (cell.profileReports ?? []).map((report) => ({ cell, report })));
  if (rows.length === 0)
    return '<p>No flame graphs or clinic reports in this run (set <code>profile: { flamegraph: true }</code>, <code>clinic: doctor</code> or <code>broker: true</code>).</p>';
  return `<table id="profile-links"><tr><th>variant</th><th>repetition</th><th>process</th><th>profile</th></tr>${rows
    .map(
      ({ cell, report }) =>
        `<tr><td>${escapeHtml(cell.variant)}</td><td>${cell.repetition}</td><td>${escapeHtml(report.process)}</td><td><a class="profile-link" href="${escapeHtml(linkTo(report.file, cell.index))}">${escapeHtml(kindLabels[report.kind] ?? report.kind)}</a></td></tr>`,
    )
    .join('')}</table>`;
}

const points = (change: number) => `${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(1)} points`;

/** What changed most between two profiles, in a line: `function file:line` and its self share's change. */
export function topChangesText(link: ProfileDiffLink): string {
  return link.topChanges.map((f) => `${f.function} ${f.location} ${points(f.change)}`).join('; ');
}

/** Each differential flame graph the report wrote: a variant's process against its baseline's. */
export function profileDiffTable(links: ProfileDiffLink[]): string {
  if (links.length === 0)
    return '<p>No differential flame graphs: they need <code>profile: { cpu: true }</code> in the baseline and in at least one other variant (or run, in a comparison).</p>';
  return `<table id="profile-diffs"><tr><th>variant</th><th>against</th><th>process</th><th>flame graph</th><th>self share changed most (points of busy samples)</th></tr>${links
    .map(
      (link) =>
        `<tr><td>${escapeHtml(link.variant)}</td><td>${escapeHtml(link.against)}</td><td>${escapeHtml(link.process)}</td><td><a class="profile-diff" href="${escapeHtml(link.file)}">differential</a></td><td>${escapeHtml(topChangesText(link))}</td></tr>`,
    )
    .join('')}</table><p>Red frames spend a larger share of their process's busy samples than in the baseline, blue a smaller one.</p>`;
}

export function overheadList(overheads: ProfilingOverhead[]): string {
  if (overheads.length === 0) return '<p>To see what profiling costs, add a variant that differs from a profiled one only in <code>profile</code>.</p>';
  return `<ul id="profiling-overhead">${overheads.map((o) => `<li>${escapeHtml(o.text)}</li>`).join('')}</ul>`;
}
