// Renders a Vega-Lite spec read from stdin to SVG on stdout, for the notebooks. tslab runs notebook cells in a
// vm context that can neither require() vega-lite (an ES module with top-level await) nor import() it, so the
// notebooks call this script as a child process instead.
import { text } from 'node:stream/consumers';
import * as vega from 'vega';
import { compile } from 'vega-lite';

const spec = JSON.parse(await text(process.stdin));
const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
process.stdout.write(await view.toSVG());
