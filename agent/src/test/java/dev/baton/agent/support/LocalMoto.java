package dev.baton.agent.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One moto server for this test JVM (started on first use, stopped at exit), found through the
 * {@code baton.venv} system property or {@code BATON_MOTO_SERVER}. Stand-in until the infra
 * branch's MotoExtension and BatonTable land in the testkit.
 */
public final class LocalMoto {
  private static LocalMoto instance;

  private final Process process;
  private final int port;

  private LocalMoto(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The shared server, started when first asked for. */
  public static synchronized LocalMoto get() throws IOException, InterruptedException {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance.process::destroy));
    }
    return instance;
  }

  private static Path motoServer() {
    String venv = System.getProperty("baton.venv");
    if (venv != null && Files.isExecutable(Path.of(venv, "bin", "moto_server"))) {
      return Path.of(venv, "bin", "moto_server");
    }
    String explicit = System.getenv("BATON_MOTO_SERVER");
    if (explicit != null && Files.isExecutable(Path.of(explicit))) {
      return Path.of(explicit);
    }
    throw new IllegalStateException(
        "moto_server not found: set -Dbaton.venv=<venv> (bin/moto_server) or BATON_MOTO_SERVER");
  }

  private static LocalMoto start() throws IOException, InterruptedException {
    int port = freePort();
    Process process =
        new ProcessBuilder(motoServer().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return new LocalMoto(process, port);
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("moto_server exited with " + process.exitValue());
        }
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("moto_server did not listen on port " + port + " within 30 s");
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A DynamoDB client for {@code endpoint} with moto's dummy credentials. */
  public static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .build();
  }

  /** Creates a fresh table with the single-table keys; returns its name. */
  public String createTable() {
    String name = "baton-" + UUID.randomUUID().toString().substring(0, 8);
    try (DynamoDbClient ddb = client(endpoint())) {
      ddb.createTable(
          b ->
              b.tableName(name)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .keySchema(
                      KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                      KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("pk")
                          .attributeType(ScalarAttributeType.S)
                          .build(),
                      AttributeDefinition.builder()
                          .attributeName("sk")
                          .attributeType(ScalarAttributeType.S)
                          .build()));
    }
    return name;
  }
}
