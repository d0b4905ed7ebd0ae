import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { UserError } from '../errors.ts';
import { errorMessage } from '../util/error-message.ts';

export type SpecPath = Array<string | number>;

/** `['variants', 1, 'topic', 'partitions']` → `variants[1].topic.partitions`. */
export function formatPath(path: SpecPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** A parsed experiment file that can say on which line a path stands. */
export class YamlSource {
  private readonly lines = new LineCounter();
  readonly document: Document.Parsed;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** YAML syntax errors with their line; empty when the file parsed. */
  syntaxErrors(): Array<{ line: number; message: string }> {
    return this.document.errors.map((error) => ({
      line: this.lines.linePos(error.pos[0]).line,
      message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
    }));
  }

  /** The file as plain data; aliases are refused past a few hundred uses (a "billion laughs" file). */
  value(): unknown {
    try {
      return this.document.toJS({ maxAliasCount: 500 });
    } catch (error) {
      throw new UserError(`${this.file}: ${errorMessage(error)}`, 'use fewer YAML aliases (*name); write the values out instead');
    }
  }

  /** The line of the deepest part of `path` found in the file (the key's line for mappings). */
  lineOf(path: SpecPath): number | undefined {
    let node: unknown = this.document.contents;
    let offset: number | undefined = (node as Node | null)?.range?.[0];
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
        node = node.items[part];
        offset = (node as Node).range?.[0] ?? offset;
      } else {
        break;
      }
    }
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }
}
