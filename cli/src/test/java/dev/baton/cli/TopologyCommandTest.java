package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.local.BatonTable;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton topology check} on the shipped example and on broken documents: every problem
 * printed with its field and rule, exit 2; with the stack's parameters, the deploy-time check.
 */
class TopologyCommandTest {
  private static final Path EXAMPLE =
      BatonTable.template().getParent().resolve("examples").resolve("topology.yaml");

  @TempDir Path dir;
  private final OfflineCli cli = new OfflineCli("topology commands");
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int baton(String... args) {
    return cli.run(args);
  }

  @Test
  void theShippedExampleIsValid() {
    assertThat(baton("topology", "check", EXAMPLE.toString())).as(out + "" + err).isZero();
    assertThat(out.toString())
        .contains(
            "is valid: app shop, regions [nyc1, ams3], routers [do-global-lb, cloudflare-dns]");
  }

  @Test
  void theShippedExampleFitsAStackWithAReplicaInEachOfItsRegions() {
    int code =
        baton(
            "topology",
            "check",
            EXAMPLE.toString(),
            "--home-region",
            "us-east-1",
            "--replica-regions",
            "eu-west-1");
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString()).contains("every awsRegion in [us-east-1, eu-west-1]");
  }

  @Test
  void aRegionWithoutAReplicaIsNamedWithTheRule() {
    int code =
        baton(
            "topology",
            "check",
            EXAMPLE.toString(),
            "--home-region",
            "us-east-1",
            "--replica-regions",
            "eu-central-1");
    assertThat(code).isEqualTo(Outcomes.REJECTED);
    assertThat(out.toString())
        .contains("1 problem")
        .contains(
            "regions[1].awsRegion: ams3's agents write to eu-west-1, which holds no replica of the"
                + " table: it must be the stack's region or one of ReplicaRegions [us-east-1,"
                + " eu-central-1]");
  }

  @Test
  void replicaRegionsNeedTheHomeRegion() {
    int code = baton("topology", "check", EXAMPLE.toString(), "--replica-regions", "eu-west-1");
    assertThat(code).isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString())
        .contains(
            "--replica-regions, --hosted-zone-id, --route53-record-names: need --home-region");
  }

  @Test
  void aRoute53RouterMustStayInsideTheStacksZoneAndRecords() throws IOException {
    Path file = dir.resolve("r53.yaml");
    Files.writeString(
        file,
        Files.readString(EXAMPLE)
            .replace(
                "routers:\n",
                "routers:\n  - type: route53\n    settings:\n      hostedZoneId: Z0123456789ABC\n"
                    + "      recordName: shop.example.com.\n"));
    assertThat(baton("topology", "check", file.toString())).as(out.toString()).isZero();
    String[] stack = {
      "topology",
      "check",
      file.toString(),
      "--home-region",
      "us-east-1",
      "--replica-regions",
      "eu-west-1",
      "--hosted-zone-id",
      "Z0123456789ABC",
      "--route53-record-names"
    };
    assertThat(baton(append(stack, "shop.example.com")))
        .as("the router's name compares without case and final dot: %s", out)
        .isZero();
    out.getBuffer().setLength(0);
    assertThat(baton(append(stack, "SHOP.example.com")))
        .as("the stack's names must be written as IAM compares them")
        .isEqualTo(Outcomes.REJECTED);
    assertThat(out.toString()).contains("Route53RecordNames: 'SHOP.example.com' must be written");
    out.getBuffer().setLength(0);
    assertThat(baton(append(stack, "www.example.com"))).isEqualTo(Outcomes.REJECTED);
    assertThat(out.toString())
        .contains(
            "routers[0].settings.recordName: 'shop.example.com' must be one of the stack"
                + " parameter Route53RecordNames [www.example.com]");
  }

  private static String[] append(String[] args, String last) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }

  @Test
  void everyProblemOfABadTopologyIsPrintedWithFieldAndRule() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        app: shop
        regions:
          - {name: NYC, priority: 1, awsRegion: us-east-1}
        routers:
          - type: carrier-pigeon
        timings:
          heartbeatInterval: 5s
          staleAfter: 6s
        colour: blue
        """);
    assertThat(baton("topology", "check", bad.toString())).isEqualTo(Outcomes.REJECTED);
    String printed = out.toString();
    assertThat(printed)
        .contains("regions[0].name")
        .contains("regions: must list at least two regions")
        .contains("routers[0].type")
        .contains("timings.staleAfter")
        .contains("colour");
    assertThat(printed.lines().filter(l -> l.startsWith("  - ")).count()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aMissingFileIsABadRequestNamingIt() {
    assertThat(baton("topology", "check", dir.resolve("nope.yaml").toString()))
        .isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString())
        .startsWith("baton: cannot read the topology file")
        .contains("nope.yaml");
    assertThat(err.toString().lines().count()).isOne();
  }

  @Test
  void topologyAloneIsAUsageError() {
    assertThat(baton("topology")).isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString()).contains("Missing required subcommand");
  }
}
