import { sampleBrokerMetrics } from '../../metrics/broker-metrics-sampler.ts';
import type { CellCollector } from './cell-collector.ts';
import type { CellPlan } from './cell-plan.ts';

/** Each broker's own metrics (JMX, through the exporter agent), once a second, where the cluster serves them. */
export function brokerMetricsCollector(plan: CellPlan): CellCollector {
  let sampler: ReturnType<typeof sampleBrokerMetrics> | undefined;
  return {
    async start({ window }) {
      const brokers = plan.context.cluster.nodes
        .filter((node) => node.roles.includes('broker') && node.metricsUrl)
        .map((node) => ({ name: `broker-${node.id}`, url: node.metricsUrl! }));
      if (brokers.length)
        sampler = sampleBrokerMetrics(brokers, window.startAt, (broker, figures) => {
          if (figures.produceMeanMs !== undefined) plan.context.onReading?.({ chart: 'brokerProduceMeanMs', series: broker, value: figures.produceMeanMs });
          if (figures.produceP99Ms !== undefined) plan.context.onReading?.({ chart: 'brokerProduceP99Ms', series: broker, value: figures.produceP99Ms });
        });
    },
    async stop() {
      return sampler ? { brokerMetrics: await sampler.stop() } : {};
    },
  };
}
