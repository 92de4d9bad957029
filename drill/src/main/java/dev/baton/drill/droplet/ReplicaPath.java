package dev.baton.drill.droplet;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How the droplets of one DigitalOcean region reach their nearest replica: the AWS region, the
 * endpoint of their own network path to it, and a client on that path (shared by the region's
 * agents, as the SDK's connection pool would be on one host).
 */
public record ReplicaPath(String awsRegion, URI endpoint, DynamoDbClient client) {
  public ReplicaPath {
    Objects.requireNonNull(awsRegion, "awsRegion");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(client, "client");
  }
}
