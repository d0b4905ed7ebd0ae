/** A titled Vega-Lite spec; data is inline, so the report needs nothing but itself. */
export interface Chart {
  id: string;
  title: string;
  spec: Record<string, unknown>;
}
