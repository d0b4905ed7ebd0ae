import { Command, Option } from 'commander';
import { UserError } from '../errors.ts';
import { interrupts } from './interrupts.ts';
import { composeShapes } from '../cluster/compose/compose-file.ts';
import { writeComposeFiles } from '../cluster/compose/compose-provider.ts';
import { ensureJfrConverter, jfrConverterVersion } from '../profile/jfr-converter.ts';
import { ensureJmxExporter, jmxExporterVersion } from '../cluster/local/broker-metrics-agent.ts';
import { ensureKafkaJars } from '../cluster/local/kafka-jars.ts';
import { defaultStartTimeoutMs } from '../cluster/local/local-provider.ts';
import { isAnyNodeUp, nodeStatuses, stopRecordedCluster } from '../cluster/recorded-cluster.ts';
import { defaultShape, describeShape, maxBrokers, resolveShape } from '../cluster/shape.ts';
import { startCluster } from '../cluster/start-cluster.ts';
import { removeDeadClusterDirs } from '../cluster/local/dead-cluster-dirs.ts';
import { readClusterState, removeClusterState, writeClusterState, type ClusterState } from '../cluster/state-file.ts';
import type { Cluster, ClusterShape, ProviderChoice } from '../cluster/types.ts';
import { commaList, integerIn, keyValue } from './options.ts';
import { data, info } from './output.ts';
import { textTable } from '../report/text-table.ts';

interface UpOptions {
  brokers: number;
  controllers?: number;
  kafkaVersion: string;
  provider: ProviderChoice;
  brokerConfig: Record<string, string>;
  portBase?: number;
  bootstrapServers?: string[];
  timeout: number;
}

function stateOf(cluster: Cluster, shape: ClusterShape, status: ClusterState['status'], startedAt: string): ClusterState {
  const record =
    'record' in cluster && typeof cluster.record === 'function'
      ? cluster.record()
      : { provider: 'external' as const, kafkaVersion: cluster.kafkaVersion, bootstrapServers: cluster.connection.bootstrapServers, nodes: [...cluster.nodes] };
  return { ...record, shape, status, startedAt } as ClusterState;
}

/** Shape keys as the flags that set them, for error messages. */
const cliFlag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function sameShape(a: ClusterShape, b: ClusterShape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function up(options: UpOptions): Promise<void> {
  const shape = resolveShape(
    {
      brokers: options.brokers,
      ...(options.controllers !== undefined ? { controllers: options.controllers as ClusterShape['controllers'] } : {}),
      kafkaVersion: options.kafkaVersion,
      brokerConfig: options.brokerConfig,
    },
    cliFlag,
  );
  const existing = await readClusterState();
  if (existing && isAnyNodeUp(existing)) {
    const bootstrap = existing.bootstrapServers.join(',');
    if (!sameShape(existing.shape, shape)) {
      throw new UserError(
        `a cluster is already up (${describeShape(existing.shape)}, bootstrap ${bootstrap})`,
        'run `npm run cluster -- down` first to start a different one',
      );
    }
    info(`a cluster is already up (${describeShape(existing.shape)}, started ${existing.startedAt})`);
    data(`bootstrap: ${bootstrap}`);
    return;
  }
  if (existing) {
    info('clearing the record of a cluster that is no longer running');
    await stopRecordedCluster(existing);
    await removeClusterState();
  }
  const startedAt = new Date().toISOString();
  const started = Date.now();
  info(`starting ${describeShape(shape)}, Kafka ${shape.kafkaVersion}`);
  try {
    const cluster = await startCluster(
      { provider: options.provider, shape, ...(options.bootstrapServers ? { bootstrapServers: options.bootstrapServers } : {}) },
      {
        dieWithParent: false,
        signal: interrupts.stop,
        timeoutMs: options.timeout * 1000,
        ...(options.portBase !== undefined ? { portBase: options.portBase } : {}),
        onProgress: info,
        // Recorded before the nodes are ready, so `down` can stop them even if this process dies now.
        onNodeLaunched: (partial) => writeClusterState(stateOf(partial, shape, 'starting', startedAt)),
      },
    );
    await writeClusterState(stateOf(cluster, shape, 'ready', startedAt));
    info(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    data(`bootstrap: ${cluster.connection.bootstrapServers.join(',')}`);
  } catch (error) {
    await removeClusterState();
    throw error;
  }
}

async function down(): Promise<void> {
  // Dirs of clusters whose runner died (SIGKILL) go too: their brokers died with it, nothing else cleans them.
  for (const removed of await removeDeadClusterDirs()) info(`removed the cluster dir of a dead run: ${removed}`);
  const state = await readClusterState();
  if (!state) {
    info('no cluster is up; nothing to do');
    return;
  }
  info(`stopping ${describeShape(state.shape)} (${state.provider})`);
  await stopRecordedCluster(state);
  await removeClusterState();
  info('stopped; its nodes and their dirs are gone');
}

async function status(options: { json?: boolean }): Promise<void> {
  const state = await readClusterState();
  if (!state) {
    if (options.json) data(JSON.stringify({ up: false }));
    else info('no cluster is up');
    return;
  }
  const statuses = await nodeStatuses(state);
  if (options.json) {
    data(JSON.stringify({ up: isAnyNodeUp(state), ...state, nodes: statuses }, null, 2));
    return;
  }
  info(`${describeShape(state.shape)}, Kafka ${state.kafkaVersion}, provider ${state.provider}, ${state.status} since ${state.startedAt}`);
  data(`bootstrap: ${state.bootstrapServers.join(',')}`);
  const yesNo = (value: boolean | undefined) => (value === undefined ? '-' : value ? 'yes' : 'no');
  data(
    textTable(
      ['node', 'role', 'pid', 'port', 'alive', 'answers'],
      statuses.map(({ node, alive, answers }) => [
        String(node.id),
        node.roles.join('+'),
        node.pid ? String(node.pid) : '-',
        String(node.port),
        yesNo(alive),
        yesNo(answers),
      ]),
    ),
  );
}

/** `kafka-lab cluster …`: a cluster outside any experiment, for trying clients or tools by hand. */
export function clusterCommand(): Command {
  const cluster = new Command('cluster').description('bring a real Kafka cluster up, show it, take it down');

  cluster
    .command('up')
    .description('start a cluster in the background and print `bootstrap: host:port,...` once every broker serves')
    .option('--brokers <n>', `brokers (1-${maxBrokers})`, integerIn(1, maxBrokers), defaultShape.brokers)
    .option('--controllers <n>', '0 = one combined node (brokers 1 only), or 1 or 3 dedicated controllers (default: 0 for 1 broker, else 1)', integerIn(0, 3))
    .option('--kafka-version <version>', 'Apache Kafka release, fetched from Maven Central', defaultShape.kafkaVersion)
    .addOption(
      new Option('--provider <name>', 'who runs it; auto = compose when a Docker engine answers, else local')
        .choices(['auto', 'local', 'compose', 'external'])
        .default('auto'),
    )
    .option('--broker-config <key=value>', 'a server.properties override for every broker (repeatable)', keyValue, {})
    .option('--port-base <port>', 'prefer ports from here upwards (default: any free port)', integerIn(1024, 65535))
    .option('--bootstrap-servers <host:port,...>', 'provider external: the cluster to use', commaList)
    .option('--timeout <seconds>', 'give up when not ready after this long', integerIn(5, 3600), defaultStartTimeoutMs / 1000)
    .action(up);

  cluster
    .command('down')
    .description('stop the cluster `up` started (SIGTERM, SIGKILL after a grace period) and remove its dirs; a no-op when none is up')
    .action(down);

  cluster
    .command('status')
    .description('show the nodes of the cluster `up` started: id, role, PID, port, whether it runs and answers')
    .option('--json', 'print the full record as JSON')
    .action(status);

  cluster
    .command('install')
    .description(
      'fetch the jars of a Kafka version, the JFR-to-flame-graph converter and the Prometheus JMX exporter agent, from Maven Central into the local cache (npm run setup does this for the default)',
    )
    .option('--kafka-version <version>', 'Apache Kafka release', defaultShape.kafkaVersion)
    .action(async (options: { kafkaVersion: string }) => {
      resolveShape({ kafkaVersion: options.kafkaVersion }, cliFlag);
      const classpath = await ensureKafkaJars(options.kafkaVersion, info);
      data(`kafka ${options.kafkaVersion}: ${classpath}`);
      // Brokers' flame graphs (profile.broker) need it; fetched here so experiments run offline from Maven.
      data(`jfr-converter ${jfrConverterVersion}: ${await ensureJfrConverter(info)}`);
      // Every local node serves its metrics through it.
      data(`jmx_prometheus_javaagent ${jmxExporterVersion}: ${await ensureJmxExporter(info)}`);
    });

  cluster
    .command('compose-files')
    .description('regenerate the Docker Compose files in compose/ from the shapes the harness supports')
    .action(async () => {
      for (const file of await writeComposeFiles(composeShapes())) data(file);
    });

  return cluster;
}
