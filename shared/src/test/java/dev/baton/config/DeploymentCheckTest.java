package dev.baton.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.Topology;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentCheckTest {
  private static final Topology EXAMPLE = TopologyLoader.load(Path.of("../examples/topology.yaml"));

  private static Topology withRoute53(String zone, String name) {
    return TopologyLoader.parse(
        """
        app: shop
        regions:
          - {name: nyc1, priority: 1, awsRegion: us-east-1, publicAddress: 203.0.113.10}
          - {name: ams3, priority: 2, awsRegion: eu-west-1, publicAddress: 198.51.100.20}
        routers:
          - type: route53
            settings: {hostedZoneId: %s, recordName: %s}
        """
            .formatted(zone, name),
        "test");
  }

  @Test
  void theShippedExampleFitsAStackWithAReplicaInEachOfItsAwsRegions() {
    var stack =
        new DeploymentCheck.Stack("us-east-1", List.of("eu-west-1"), List.of(), "", true, true);
    assertThat(DeploymentCheck.problems(EXAMPLE, stack)).isEmpty();
  }

  @Test
  void aRegionWhoseAwsRegionHoldsNoReplicaIsNamedWithTheReplicasThereAre() {
    List<ConfigProblem> problems =
        DeploymentCheck.problems(EXAMPLE, "us-east-1", List.of("eu-central-1"));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).field()).isEqualTo("regions[1].awsRegion");
    assertThat(problems.get(0).rule())
        .contains("ams3", "eu-west-1", "holds no replica", "[us-east-1, eu-central-1]");
  }

  @Test
  void blankReplicaEntriesFromAnEmptyParameterAreIgnored() {
    var stack = new DeploymentCheck.Stack("us-east-1", List.of(""), List.of(""), "", true, true);
    assertThat(stack.replicas()).containsExactly("us-east-1");
    assertThat(stack.route53RecordNames()).isEmpty();
  }

  @Test
  void routersNeedTheirProvidersTokenFromTheStack() {
    var stack =
        new DeploymentCheck.Stack("us-east-1", List.of("eu-west-1"), List.of(), "", false, false);
    assertThat(DeploymentCheck.problems(EXAMPLE, stack))
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "routers[0].type: a do-global-lb router needs the DigitalOcean token: set the stack"
                + " parameter DoTokenSecretArn",
            "routers[1].type: a cloudflare-dns router needs the Cloudflare token: set the stack"
                + " parameter CloudflareTokenSecretArn");
  }

  @Test
  void aRoute53RouterMustStayInsideTheZoneAndNamesThePolicyAllows() {
    Topology topology = withRoute53("Z111", "Shop.Example.com.");
    var scoped =
        new DeploymentCheck.Stack(
            "us-east-1", List.of("eu-west-1"), List.of("shop.example.com"), "Z111", false, false);
    assertThat(DeploymentCheck.problems(topology, scoped)).isEmpty();

    var otherZoneAndName =
        new DeploymentCheck.Stack(
            "us-east-1", List.of("eu-west-1"), List.of("www.example.com"), "Z222", false, false);
    assertThat(DeploymentCheck.problems(topology, otherZoneAndName))
        .extracting(ConfigProblem::field)
        .containsExactly("routers[0].settings.hostedZoneId", "routers[0].settings.recordName");

    var noZone =
        new DeploymentCheck.Stack(
            "us-east-1", List.of("eu-west-1"), List.of("shop.example.com"), "", false, false);
    assertThat(DeploymentCheck.problems(topology, noZone))
        .extracting(ConfigProblem::rule)
        .containsExactly(
            "a route53 router needs the stack parameter HostedZoneId (the zone its policy may"
                + " change)");
  }

  @Test
  void recordNamesInTheStackMustBeWrittenAsIamComparesThem() {
    Topology topology = withRoute53("Z111", "shop.example.com");
    var mixedCase =
        new DeploymentCheck.Stack(
            "us-east-1", List.of("eu-west-1"), List.of("Shop.Example.com."), "Z111", true, true);
    assertThat(DeploymentCheck.problems(topology, mixedCase))
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "Route53RecordNames: 'Shop.Example.com.' must be written 'shop.example.com' (lower"
                + " case, no final dot): IAM compares the names Route 53 normalizes, so any other"
                + " spelling would refuse every change of the record");
  }

  @Test
  void aZoneIdWithTheHostedzonePrefixIsTheSameZone() {
    Topology topology = withRoute53("/hostedzone/Z111", "shop.example.com");
    var stack =
        new DeploymentCheck.Stack(
            "us-east-1", List.of("eu-west-1"), List.of("shop.example.com"), "Z111", true, true);
    assertThat(DeploymentCheck.problems(topology, stack)).isEmpty();
  }

  @Test
  void moreReplicaRegionsThanTheTemplateMakesAreRefused() {
    var stack =
        new DeploymentCheck.Stack(
            "us-east-1",
            List.of("eu-west-1", "us-west-2", "eu-central-1", "ap-south-1", "sa-east-1"),
            List.of(),
            "",
            true,
            true);
    assertThat(DeploymentCheck.problems(EXAMPLE, stack))
        .extracting(ConfigProblem::field)
        .containsExactly("ReplicaRegions");
  }
}
