import path from 'node:path';
import { repoRoot } from '../../paths.ts';
import { ensureMavenJar } from '../../util/maven-jar.ts';

/** The Prometheus JMX exporter's java agent, from Maven Central; 1.0.1 is the release this machine's Maven serves. */
export const jmxExporterVersion = '1.0.1';
const artifact = `io.prometheus.jmx:jmx_prometheus_javaagent:${jmxExporterVersion}`;

/** The rules the harness ships: which MBeans every node exports, under which names. */
export const brokerMetricsRules = path.join(repoRoot, 'harness', 'cluster', 'local', 'broker-metrics-rules.yaml');

export function ensureJmxExporter(log: (line: string) => void = () => {}): Promise<string> {
  return ensureMavenJar(artifact, `jmx-exporter-${jmxExporterVersion}`, log);
}

/** The JVM flag that serves a node's metrics on 127.0.0.1:`port`/metrics. */
export function metricsAgentFlag(jar: string, port: number): string {
  return `-javaagent:${jar}=127.0.0.1:${port}:${brokerMetricsRules}`;
}
