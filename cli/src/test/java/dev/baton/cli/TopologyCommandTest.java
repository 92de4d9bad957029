package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.config.TopologyLoader;
import dev.baton.testkit.BatonTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton topology check|json} on the shipped example and on broken documents: every problem
 * printed with its field and rule, exit 2; the compact JSON reads back as the same topology.
 */
class TopologyCommandTest {
  private static final Path EXAMPLE =
      BatonTable.template().getParent().resolve("examples").resolve("topology.yaml");

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int baton(String... args) {
    return BatonCli.run(
        new CommandContext(
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            env -> {
              throw new AssertionError("topology commands call no function");
            },
            (s, scale, d, o) -> 0),
        args);
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
            "regions[1].awsRegion: region ams3 writes to eu-west-1, which must be the home region"
                + " or one of the replica regions [us-east-1, eu-central-1]");
  }

  @Test
  void replicaRegionsNeedTheHomeRegion() {
    int code = baton("topology", "check", EXAMPLE.toString(), "--replica-regions", "eu-west-1");
    assertThat(code).isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString()).contains("--replica-regions: needs --home-region");
  }

  @Test
  void aRoute53RouterMustChangeAnAllowedRecord() throws IOException {
    Path file = dir.resolve("r53.yaml");
    Files.writeString(
        file,
        Files.readString(EXAMPLE)
            .replace(
                "routers:\n",
                "routers:\n  - type: route53\n    settings:\n      hostedZoneId: Z0123456789ABC\n"
                    + "      recordName: shop.example.com.\n"));
    assertThat(baton("topology", "check", file.toString())).as(out.toString()).isZero();
    assertThat(
            baton(
                "topology", "check", file.toString(), "--route53-record-names", "SHOP.example.com"))
        .as("names compare without case and trailing dot")
        .isZero();
    out.getBuffer().setLength(0);
    assertThat(
            baton(
                "topology", "check", file.toString(), "--route53-record-names", "www.example.com"))
        .isEqualTo(Outcomes.REJECTED);
    assertThat(out.toString())
        .contains(
            "routers[0].settings.recordName: 'shop.example.com.' must be one of"
                + " --route53-record-names [www.example.com]");
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
    assertThat(baton("topology", "json", bad.toString())).isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString()).contains("regions[0].name");
  }

  @Test
  void jsonPrintsTheCompactDocumentThatReadsBackAsTheSameTopology() {
    assertThat(baton("topology", "json", EXAMPLE.toString())).as(err.toString()).isZero();
    String json = out.toString().strip();
    assertThat(json).startsWith("{\"app\":\"shop\",\"regions\":[{").doesNotContain("\n", "#");
    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .isLessThan(TopologyCommand.MAX_JSON_BYTES);
    assertThat(TopologyLoader.parse(json, "printed")).isEqualTo(TopologyLoader.load(EXAMPLE));
  }

  @Test
  void aDocumentOverThreePointFiveKilobytesIsRefusedWithItsSize() throws IOException {
    StringBuilder doc = new StringBuilder("app: shop\nregions:\n");
    for (int i = 0; i < 30; i++) {
      doc.append("  - name: r")
          .append((char) ('a' + i % 26))
          .append((char) ('a' + i / 26))
          .append(i % 10)
          .append("\n    priority: ")
          .append(i + 1)
          .append("\n    awsRegion: us-east-1\n    healthUrl: https://region-")
          .append(i)
          .append(".a-rather-long-application-name.example.com/health\n");
    }
    doc.append("routers:\n  - type: do-global-lb\n    settings: {loadBalancerId: g}\n");
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, doc);
    assertThat(baton("topology", "json", big.toString())).as(err.toString()).isEqualTo(2);
    assertThat(err.toString())
        .containsPattern("the compact JSON is \\d{4,} bytes; it must stay under 3584 \\(3.5 KB\\)");
    assertThat(out.toString()).isEmpty();
    err.getBuffer().setLength(0);
    assertThat(baton("topology", "check", big.toString())).isEqualTo(2);
    assertThat(out.toString()).contains("it must stay under 3584");
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
