import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { percentileCurve } from '../../harness/report/histograms-to-percentile-curve.ts';
import { modelToHtml } from '../../harness/report/model-to-html.ts';
import { runToModel } from '../../harness/report/report-model.ts';
import { encodeHistogram, newLatencyHistogram, recordMs } from '../../harness/metrics/latency-histogram.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;
const libraries = { vega: '/*vega*/', vegaLite: '/*vega-lite*/', vegaEmbed: '/*vega-embed*/' };
const hostile = '<img src=x onerror=alert(1)>';

function render(record: RunRecord, yaml = 'name: x\n') {
  const model = runToModel(record, []);
  return { charts: model.charts, html: modelToHtml({ model, experimentYaml: yaml, libraries }) };
}

describe('the run report', () => {
  it('compiles every chart with Vega-Lite', () => {
    for (const chart of render(recorded).charts) expect(() => compile(chart.spec as never), chart.id).not.toThrow();
  });

  it('inlines the libraries and loads nothing from the network', () => {
    const { html } = render(recorded);
    expect(html).toContain('<script>/*vega*/</script>');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!vega\.github\.io\/schema)/);
  });

  it('shows the summary, the verdicts and the environment', () => {
    const { html } = render(recorded);
    expect(html).toContain('<table id="summary">');
    expect(html).toContain('<td>json</td><td>2/2</td>');
    expect(html).toMatch(/<ul id="verdicts"><li[^>]*>protobuf vs json/);
    expect(html).toContain('2 × AMD EPYC');
  });

  it('shows a hostile name from the experiment file as text, in tables, charts and the YAML', () => {
    const record: RunRecord = {
      ...recorded,
      experiment: hostile,
      description: hostile,
      cells: recorded.cells.map((c) => ({ ...c, variant: c.variant === 'json' ? hostile : c.variant })),
      baseline: hostile,
    };
    const { html } = render(record, `name: "${hostile}"\n`);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Inside chart data the name is JSON with '<' escaped, so no markup can start there either.
    expect(html).toContain('\\u003cimg src=x onerror=alert(1)>');
  });

  it('cannot be cut short by a </script> in the data', () => {
    const record: RunRecord = { ...recorded, cells: recorded.cells.map((c) => ({ ...c, variant: '</script><script>alert(1)</script>' })) };
    const { html } = render(record);
    expect(html).not.toContain('</script><script>alert(1)');
  });

  it('draws the HdrHistogram percentile curve from merged histograms', () => {
    const histogram = newLatencyHistogram();
    for (let i = 1; i <= 10_000; i++) recordMs(histogram, i / 100);
    const curve = percentileCurve([encodeHistogram(histogram), encodeHistogram(histogram)]);
    expect(curve.find((p) => p.percentile === 50)!.latencyMs).toBeCloseTo(50, 0);
    expect(curve.find((p) => p.percentile === 99)!.latencyMs).toBeCloseTo(99, 0);
    expect(curve.at(-1)!.percentile).toBe(99.99);
  });
});
