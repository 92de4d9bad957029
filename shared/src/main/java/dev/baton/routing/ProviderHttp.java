package dev.baton.routing;

import dev.baton.port.ProviderException;
import dev.baton.port.SecretSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one authenticated JSON request to a provider and returns the raw answer. Transport failures
 * (timeouts, refused connections) become retryable {@link ProviderException}s; HTTP error statuses
 * are left to the provider's API class, which knows its error format. The bearer token is read from
 * the {@link SecretSource} per request and never appears in logs or messages.
 */
final class ProviderHttp {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);

  private final String provider;
  private final ProviderEndpoint endpoint;
  private final SecretSource secrets;
  private final HttpClient client;

  ProviderHttp(
      String provider, ProviderEndpoint endpoint, SecretSource secrets, HttpClient client) {
    this.provider = provider;
    this.endpoint = endpoint;
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.client = Objects.requireNonNull(client, "client");
  }

  String provider() {
    return provider;
  }

  ProviderEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Sends {@code method uri} with {@code jsonBody} (null for none).
   *
   * @param operation what the caller is doing, for messages: {@code get load balancer abc}
   */
  HttpReply send(String operation, String method, URI uri, String jsonBody) {
    if (!endpoint.sameOrigin(uri)) {
      // Never send the token to a host a response pointed us at.
      throw new ProviderException(
          provider,
          operation + " refused: " + uri.getHost() + " is not the API host " + endpoint.baseUrl(),
          false);
    }
    String token = token(operation);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(endpoint.timeout())
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .header("User-Agent", "baton");
    if (jsonBody == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    String what = method + " " + uri.getRawPath();
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      // The body feeds error messages: mask the token should a provider ever echo it.
      HttpReply reply =
          new HttpReply(
              method,
              uri,
              response.statusCode(),
              response.headers(),
              Redaction.redact(response.body() == null ? "" : response.body(), token));
      if (!"GET".equals(method) || !reply.successful()) {
        LOG.info("{} {} -> HTTP {}", provider, what, reply.status());
      } else {
        LOG.debug("{} {} -> HTTP {}", provider, what, reply.status());
      }
      return reply;
    } catch (HttpTimeoutException e) {
      throw failure(
          operation + " (" + what + ") timed out after " + endpoint.timeout().toMillis() + " ms",
          true,
          e,
          token);
    } catch (IOException e) {
      throw failure(
          operation + " (" + what + ") could not reach " + uri.getHost() + ": " + e,
          true,
          e,
          token);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(operation + " (" + what + ") was interrupted", false, e, token);
    }
  }

  private String token(String operation) {
    try {
      String token = secrets.secret(endpoint.tokenReference());
      if (token == null || token.isBlank()) {
        throw new ProviderException(
            provider,
            operation
                + " not sent: the API token (secret "
                + endpoint.tokenReference()
                + ") is empty",
            false);
      }
      return token.trim();
    } catch (IllegalStateException e) {
      // SecretSource names the reference, never the value; a secret that cannot be read stays so.
      throw new ProviderException(
          provider, operation + " not sent: " + e.getMessage(), false, null, e);
    } catch (ProviderException e) {
      throw e;
    } catch (RuntimeException e) {
      // E.g. Secrets Manager throttled or unreachable: worth another attempt.
      throw new ProviderException(
          provider,
          operation
              + " not sent: could not read the API token (secret "
              + endpoint.tokenReference()
              + "): "
              + e.getMessage(),
          true,
          null,
          e);
    }
  }

  private ProviderException failure(
      String message, boolean retryable, Exception cause, String token) {
    ProviderException failure =
        new ProviderException(provider, Redaction.redact(message, token), retryable, null, cause);
    LOG.info("{}", failure.getMessage());
    return failure;
  }
}
