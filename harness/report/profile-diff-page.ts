import type { FunctionChange, ProfileDiff } from '../profile/profile-diff.ts';
import { escapeHtml, jsonForScript } from './html-escape.ts';
import { style } from './model-to-html.ts';

/** The browser builds of d3 and d3-flame-graph, inlined so the page opens offline. */
export interface FlameGraphLibraries {
  d3: string;
  flameGraph: string;
}

/** A profile's path from its cell folder on (`cells/001-json-r1/profiles/processor-1.cpuprofile`): the rest is where the report sits. */
const cellFile = (file: string) => file.replace(/^.*?(?=cells\/)/, '');

const points = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(2)}`;

function changesTable(changes: FunctionChange[]): string {
  const head = ['function', 'file:line', 'self % before', 'self % after', 'change (points)', 'total % before', 'total % after'];
  return `<div class="wide"><table id="most-changed"><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${changes
    .map(
      (f) =>
        `<tr class="${f.change > 0 ? 'hotter' : 'cooler'}"><td>${escapeHtml(f.function)}</td><td>${escapeHtml(f.location)}</td><td>${f.beforeSelf.toFixed(2)}</td><td>${f.afterSelf.toFixed(2)}</td><td>${points(f.change)}</td><td>${f.beforeTotal.toFixed(1)}</td><td>${f.afterTotal.toFixed(1)}</td></tr>`,
    )
    .join('')}</table></div>`;
}

/**
 * A differential flame graph page for one process: two graphs (shaped by the changed side, then by the baseline),
 * each frame coloured by the change in its self share of busy samples — red hotter, blue cooler — and the
 * functions that changed most. Drawn by d3-flame-graph; click a frame to zoom into it.
 */
export function profileDiffPage(input: {
  title: string;
  before: string;
  after: string;
  /** Where each side's profiles came from, said under the title. */
  sources: { before: string[]; after: string[] };
  diff: ProfileDiff;
  libraries: FlameGraphLibraries;
}): string {
  const { title, before, after, diff, sources } = input;
  const graphs = [
    { id: 'after', heading: `Shaped by ${after}: what it spends, coloured by the change from ${before}`, tree: diff.after },
    { id: 'before', heading: `Shaped by ${before}: what ${after} no longer spends shows blue here`, tree: diff.before },
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${escapeHtml(title)}</title>
<style>${style}tr.hotter td:nth-child(5){color:#b3261e;font-weight:600}tr.cooler td:nth-child(5){color:#1f4fbf;font-weight:600}.flame{width:100%;margin-bottom:1rem}.key span{padding:0 .5rem;margin-right:.5rem}</style>
<script>${input.libraries.d3}</script><script>${input.libraries.flameGraph}</script></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(after)} against ${escapeHtml(before)}: ${diff.samples.after.toLocaleString('en-US')} busy samples against ${diff.samples.before.toLocaleString('en-US')} (idle left out). Every share is of its own side's busy samples, so a longer profile is not hotter for being longer.
Profiles: ${escapeHtml(sources.after.map(cellFile).join(', '))} against ${escapeHtml(sources.before.map(cellFile).join(', '))}.</p>
<p class="key"><span style="background:rgb(220,60,60);color:#fff">self share grew</span><span style="background:rgb(60,60,220);color:#fff">self share shrank</span><span style="background:rgb(255,190,90)">new on this call path</span><span style="background:rgb(220,220,220)">unchanged</span> — frames are call paths, so a function the other side calls from elsewhere is new here (the table compares functions wherever they are called). The deeper the colour, the larger the change against the frame's width. Hover a frame for its figures; click to zoom, click the top frame to zoom out. Callers sit above their callees.</p>
<section><h2>The functions whose self share changed most</h2><p>Before: ${escapeHtml(before)}. After: ${escapeHtml(after)}.</p>${changesTable(diff.changed)}</section>
${graphs.map((graph) => `<section><h2>${escapeHtml(graph.heading)}</h2><div class="flame" id="flame-${graph.id}"></div><script type="application/json" id="tree-${graph.id}">${jsonForScript(graph.tree)}</script></section>`).join('\n')}
<script>
const fixed = (n) => n.toFixed(2);
for (const id of ${jsonForScript(graphs.map((graph) => graph.id))}) {
  const element = document.getElementById('flame-' + id);
  const tree = JSON.parse(document.getElementById('tree-' + id).textContent);
  const chart = flamegraph.default()
    .width(element.clientWidth)
    .cellHeight(16)
    // Roots on top (an icicle): module loading nests hundreds of frames deep in a narrow tower, and drawn upwards it
    // would push the wide frames that matter a page below the heading.
    .inverted(true)
    .minFrameSize(1)
    .transitionDuration(0)
    .sort(true)
    .setColorMapper(flamegraph.colorMapper.differentialColorMapper)
    .label((d) => d.data.name + ' — self ' + fixed(d.data.before.self) + ' % → ' + fixed(d.data.after.self) + ' % (' + (d.data.delta >= 0 ? '+' : '') + fixed(d.data.delta) + ' points), total ' + fixed(d.data.before.total) + ' % → ' + fixed(d.data.after.total) + ' %');
  d3.select(element).datum(tree).call(chart);
}
</script></body></html>`;
}
