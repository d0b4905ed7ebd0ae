import { chartSection, inlineLibraries, style, type VegaLibraries } from '../report/model-to-html.ts';
import { escapeHtml, jsonForScript } from '../report/html-escape.ts';
import { liveCharts } from './live-charts.ts';

/** How much of the run the charts keep: enough to see a whole cell, few enough points to redraw each second. */
export const keepSeconds = 600;

/**
 * The live view's page: the charts empty, filled from the server's event stream (`events`). Everything it needs is
 * inlined, like the report, so it loads nothing from a CDN.
 */
export function livePage(experiment: string, libraries: VegaLibraries): string {
  const charts = liveCharts();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>kafka-lab live: ${escapeHtml(experiment)}</title>
<style>${style}#phase{font-size:1.1em;padding:.5rem 1rem;background:#eef4ff;border-left:4px solid #3b6fd8}#phase.ended{background:#f4f4f4;border-color:#999}div.chart{width:100%}</style>
${inlineLibraries(libraries)}</head><body>
<h1>kafka-lab live: ${escapeHtml(experiment)}</h1>
<p id="phase">waiting for the first cell…</p>
${charts.map(chartSection).join('\n')}
<section><h2>Cells done</h2><div id="cells"><p>none yet</p></div>
<p>The report's per-repetition table, rendered from run.json as each cell ends.</p></section>
<script type="application/json" id="keep-seconds">${jsonForScript(keepSeconds)}</script>
<script>
const keep = JSON.parse(document.getElementById('keep-seconds').textContent);
// The views by chart id, for whoever inspects the page (the browser test counts their points).
const views = (window.liveViews = {});
const specs = Array.from(document.querySelectorAll('script[id^="spec-"]'));
Promise.all(specs.map((element) => {
  const id = element.id.slice('spec-'.length);
  return vegaEmbed('#chart-' + id, JSON.parse(element.textContent), { actions: false, renderer: 'svg' }).then((result) => { views[id] = result.view; });
})).then(() => {
  const phase = document.getElementById('phase');
  const source = new EventSource('events');
  source.addEventListener('points', (event) => {
    const points = JSON.parse(event.data);
    for (const [id, view] of Object.entries(views)) {
      const mine = points.filter((point) => point.chart === id);
      if (mine.length === 0) continue;
      const newest = Math.max(...mine.map((point) => point.t));
      view.change('points', vega.changeset().insert(mine).remove((point) => point.t < newest - keep)).run();
    }
  });
  source.addEventListener('phase', (event) => { phase.textContent = JSON.parse(event.data).text; });
  // The server renders (and escapes) the table as the report does.
  source.addEventListener('cells', (event) => { document.getElementById('cells').innerHTML = JSON.parse(event.data).html; });
  source.addEventListener('end', (event) => {
    source.close();
    phase.classList.add('ended');
    phase.textContent = JSON.parse(event.data).text;
  });
}).catch((error) => { document.getElementById('phase').textContent = 'the live view failed: ' + error; console.error(error); });
</script></body></html>`;
}
