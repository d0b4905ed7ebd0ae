import { UserError } from '../errors.ts';
import { composeCommand, dockerEngineAnswers } from './compose/docker.ts';
import { startComposeCluster } from './compose/compose-provider.ts';
import { connectExternalCluster } from './external/external-provider.ts';
import { startLocalCluster, type LocalStartOptions } from './local/local-provider.ts';
import type { Cluster, ClusterShape, ProviderChoice, ProviderName } from './types.ts';

/** Everything needed to get a cluster, whichever provider ends up running it. */
export interface ClusterRequest {
  provider: ProviderChoice;
  shape: ClusterShape;
  /** Only for provider external. */
  bootstrapServers?: string[];
  /** Only for provider external: each broker's metrics page, in broker-id order. */
  metricsUrls?: string[];
}

/** `auto` means compose when a Docker engine and Compose answer, else local; returns why. */
export async function pickProvider(choice: ProviderChoice): Promise<{ provider: ProviderName; reason: string }> {
  if (choice !== 'auto') return { provider: choice, reason: 'asked for' };
  if (!(await dockerEngineAnswers())) return { provider: 'local', reason: 'auto: no Docker engine answers' };
  if (!(await composeCommand())) return { provider: 'local', reason: 'auto: Docker answers but Compose is not installed' };
  return { provider: 'compose', reason: 'auto: a Docker engine answers' };
}

/** Brings up (or connects to) a cluster and reports which provider did it through `onProgress`. */
export async function startCluster(request: ClusterRequest, options: LocalStartOptions = {}): Promise<Cluster> {
  const { provider, reason } = await pickProvider(request.provider);
  options.onProgress?.(`provider: ${provider} (${reason})`);
  switch (provider) {
    case 'local':
      return startLocalCluster(request.shape, options);
    case 'compose':
      return startComposeCluster(request.shape, options);
    case 'external':
      if (!request.bootstrapServers?.length) {
        throw new UserError('provider external needs bootstrapServers', 'set cluster.bootstrapServers (or --bootstrap-servers host:port,...)');
      }
      return connectExternalCluster(request.bootstrapServers, request.metricsUrls);
  }
}
