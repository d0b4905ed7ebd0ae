/** The Apache Kafka release a cluster runs when the experiment file or the command line names none. */
export const defaultKafkaVersion = '4.1.1';
