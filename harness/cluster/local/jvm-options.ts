import { isKafka4OrLater } from './kafka-jars.ts';
import type { NodeRole } from '../types.ts';

/** Heap per node role. Kafka's own scripts give a broker 1 GiB; a dedicated controller needs far less. */
export interface HeapSizes {
  broker: string;
  controller: string;
}

export const defaultHeaps: Readonly<HeapSizes> = Object.freeze({ broker: '1g', controller: '384m' });

/** The flags kafka-server-start.sh and kafka-run-class.sh pass, so results match a stock install. */
const stockGcFlags = [
  '-server',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:MaxInlineLevel=15',
  '-Djava.awt.headless=true',
];

export function heapFor(roles: NodeRole[], heaps: HeapSizes): string {
  return roles.includes('broker') ? heaps.broker : heaps.controller;
}

export function loggingFlag(kafkaVersion: string, configFile: string): string {
  return isKafka4OrLater(kafkaVersion) ? `-Dlog4j2.configurationFile=${configFile}` : `-Dlog4j.configuration=file:${configFile}`;
}

export function loggingConfigName(kafkaVersion: string): string {
  return isKafka4OrLater(kafkaVersion) ? 'log4j2.properties' : 'log4j.properties';
}

/** Console logging at INFO: the provider reads "Kafka Server started" from it to know a node is up. */
export function loggingConfig(kafkaVersion: string): string {
  if (isKafka4OrLater(kafkaVersion)) {
    return [
      'status = warn',
      'appender.console.type = Console',
      'appender.console.name = STDOUT',
      'appender.console.layout.type = PatternLayout',
      'appender.console.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = INFO',
      'rootLogger.appenderRef.stdout.ref = STDOUT',
      '',
    ].join('\n');
  }
  return [
    'log4j.rootLogger=INFO, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n');
}

export function jvmFlags(options: { heap: string; kafkaVersion: string; loggingConfigFile: string; extra: string[] }): string[] {
  return [`-Xms${options.heap}`, `-Xmx${options.heap}`, ...stockGcFlags, loggingFlag(options.kafkaVersion, options.loggingConfigFile), ...options.extra];
}

export function javaBinary(): string {
  return process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java';
}
