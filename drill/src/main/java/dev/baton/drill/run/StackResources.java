package dev.baton.drill.run;

import dev.baton.aws.AwsClients;
import dev.baton.domain.Topology;
import dev.baton.port.PromotionInvoker;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the local stack made for the functions: the topology, AWS clients pointed at moto, the
 * table, the topic, the provider credentials' secrets, and the environment the functions would have
 * on AWS (with {@code BATON_TOPOLOGY_FILE} naming the written topology document).
 *
 * @param promotions the asynchronous invoker the detectors hand their requests to
 */
public record StackResources(
    Topology topology,
    Path topologyFile,
    AwsClients clients,
    String table,
    String topicArn,
    Map<String, String> environment,
    PromotionInvoker promotions) {
  public StackResources {
    environment = Map.copyOf(environment);
  }
}
