// A stand-in for any harness process that starts a cluster through the library and then dies.
import { startLocalCluster } from '../../harness/cluster/local/local-provider.ts';
import { resolveShape } from '../../harness/cluster/shape.ts';

const cluster = await startLocalCluster(resolveShape({}));
process.stdout.write(`${JSON.stringify({ pids: cluster.nodes.map((node) => node.pid), dir: cluster.clusterDir })}\n`);
setInterval(() => {}, 1_000);
