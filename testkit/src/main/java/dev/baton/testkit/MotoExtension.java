package dev.baton.testkit;

import dev.baton.local.MotoServer;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Runs a test class against moto in server mode: {@code @ExtendWith(MotoExtension.class)}.
 *
 * <p>One moto process serves the whole test run (starting one costs seconds); it is reset before
 * each test class, so every class starts from an empty AWS, and stopped when the run ends, whether
 * tests passed, failed or aborted (it lives in the root extension store, which JUnit closes; a
 * shutdown hook covers a JVM that exits early). Test classes using it must not run in parallel.
 *
 * <p>Before each class it sets fake credentials as system properties ({@code aws.accessKeyId},
 * {@code aws.secretAccessKey}), which the SDK's default chain reads first, and points the shared
 * config and credentials files at a path that does not exist, so no test ever uses real AWS
 * credentials.
 *
 * <p>Test constructors, lifecycle and test methods may declare parameters of these types: {@link
 * MotoServer}, {@link DynamoDbClient}, {@link DynamoDbStreamsClient} (clients are closed when their
 * scope ends), and {@code dev.baton.aws.AwsSettings} / {@code dev.baton.aws.AwsClients} (module
 * {@code shared}), all pointed at moto in region {@link #REGION}.
 */
public final class MotoExtension implements BeforeAllCallback, ParameterResolver {
  /** The region every client built here uses. */
  public static final String REGION = "us-east-1";

  // AwsSettings and AwsClients live in module shared, whose tests depend on this module: a
  // compile-time reference would be a cycle, so they are built by name (their public shape is a
  // fixed contract: AwsSettings.emulator(String, URI) and new AwsClients(AwsSettings)).
  private static final String AWS_SETTINGS = "dev.baton.aws.AwsSettings";
  private static final String AWS_CLIENTS = "dev.baton.aws.AwsClients";
  private static final Set<Class<?>> CLIENT_TYPES =
      Set.of(MotoServer.class, DynamoDbClient.class, DynamoDbStreamsClient.class);

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MotoExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    useFakeCredentials();
    moto(context).reset();
  }

  /** Points the SDK's default credential chain at fake credentials (see the class comment). */
  public static void useFakeCredentials() {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    System.clearProperty("aws.sessionToken");
    Path nowhere = Path.of(System.getProperty("java.io.tmpdir"), "baton-no-aws-config", "none");
    System.setProperty("aws.configFile", nowhere.toString());
    System.setProperty("aws.sharedCredentialsFile", nowhere.toString());
    if (System.getProperty("aws.region") == null) {
      System.setProperty("aws.region", REGION);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return CLIENT_TYPES.contains(type)
        || type.getName().equals(AWS_SETTINGS)
        || type.getName().equals(AWS_CLIENTS);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    MotoServer moto = moto(context);
    if (type == MotoServer.class) {
      return moto;
    }
    if (type == DynamoDbClient.class) {
      return closedWithScope(context, configure(DynamoDbClient.builder(), moto.endpoint()).build());
    }
    if (type == DynamoDbStreamsClient.class) {
      return closedWithScope(
          context, configure(DynamoDbStreamsClient.builder(), moto.endpoint()).build());
    }
    try {
      Class<?> settingsType = Class.forName(AWS_SETTINGS, true, type.getClassLoader());
      Object settings =
          settingsType
              .getMethod("emulator", String.class, URI.class)
              .invoke(null, REGION, moto.endpoint());
      if (type == settingsType) {
        return settings;
      }
      return type.getConstructor(settingsType).newInstance(settings);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new ParameterResolutionException(
          "cannot build " + type.getName() + " for moto at " + moto.endpoint() + ": " + cause,
          cause);
    }
  }

  /** The run's moto, started on first use. */
  public static MotoServer moto(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(MotoServer.class, key -> MotoServer.start(), MotoServer.class);
  }

  private static <T extends AutoCloseable> T closedWithScope(ExtensionContext context, T client) {
    context.getStore(NAMESPACE).put(UUID.randomUUID(), client);
    return client;
  }

  private static <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
                  & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>>
      B configure(B builder, URI endpoint) {
    return builder
        .region(Region.of(REGION))
        .endpointOverride(endpoint)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(
            ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(10)).build());
  }
}
