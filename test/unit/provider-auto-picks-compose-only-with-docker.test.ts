import { beforeEach, describe, expect, it, vi } from 'vitest';

const docker = vi.hoisted(() => ({ engine: false, compose: undefined as string[] | undefined }));
vi.mock('../../harness/cluster/compose/docker.ts', () => ({
  dockerEngineAnswers: async () => docker.engine,
  composeCommand: async () => docker.compose,
}));

const { pickProvider } = await import('../../harness/cluster/start-cluster.ts');

describe('provider auto', () => {
  beforeEach(() => {
    docker.engine = false;
    docker.compose = undefined;
  });

  it('picks local when no Docker engine answers, and says so', async () => {
    expect(await pickProvider('auto')).toEqual({ provider: 'local', reason: 'auto: no Docker engine answers' });
  });

  it('picks local when Docker answers but Compose is missing', async () => {
    docker.engine = true;
    expect(await pickProvider('auto')).toEqual({ provider: 'local', reason: 'auto: Docker answers but Compose is not installed' });
  });

  it('picks compose when an engine and Compose answer', async () => {
    docker.engine = true;
    docker.compose = ['docker', 'compose'];
    expect((await pickProvider('auto')).provider).toBe('compose');
  });

  it('keeps an explicit choice', async () => {
    docker.engine = true;
    docker.compose = ['docker', 'compose'];
    expect((await pickProvider('local')).provider).toBe('local');
    expect((await pickProvider('external')).provider).toBe('external');
  });
});
