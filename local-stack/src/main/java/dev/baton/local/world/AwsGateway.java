package dev.baton.local.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network paths from callers to AWS regions, each a loopback HTTP listener forwarding to one
 * moto, so that faults can cut or throttle one path without touching the others. A caller site is a
 * DigitalOcean region ({@code nyc1}), {@link #awsSite(String) aws:us-east-2} for Baton's functions
 * running in that AWS region, or any other label. Requests and answers pass unchanged (method,
 * path, query, headers but the hop-by-hop ones and Host, body).
 *
 * <p>Every request must be signed (SigV4) for the path's region: moto picks the region from the
 * signature, so a client wired to the wrong path would silently reach the wrong replica. Such a
 * request is answered HTTP 400 InvalidSignatureException naming both regions.
 *
 * <p>A cut path ({@link #partition}, {@link #isolate}) reads the request and closes the connection
 * without an answer: the JDK server's way to fail fast as a lost network does; the AWS SDK sees an
 * I/O error (an {@code SdkClientException}) and retries as it would. (A real partition more often
 * times out; closing keeps drills fast.) {@link #throttle} answers as DynamoDB does when it
 * throttles. Fault changes take effect from the next request.
 *
 * <p>{@link #emulateStrongTable} makes the paths into three regions one strongly consistent (MRSC)
 * control table: every replica region's path reads and writes the same moto table (the copy
 * region's, the request's credential scope rewritten on the way), so there is one linearizable copy
 * and nothing to replicate; an isolated region's calls fail from everywhere, its own functions
 * included (a region cut off from the other two has no quorum); and a write to an item while
 * another region's write to it is in flight, or within the conflict window after it, is answered as
 * DynamoDB does: HTTP 400 {@code ReplicatedWriteConflictException}, which the SDK raises as that
 * exception.
 *
 * <p>Loading this class sets {@code sun.net.httpserver.nodelay=true} unless it is set: without it
 * every answer of a JDK HttpServer waits ~40 ms for the client's delayed ACK. The JDK reads it when
 * the JVM's first HttpServer starts, so a JVM that starts provider fakes first should pass it on
 * the command line.
 */
public final class AwsGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AwsGateway.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NODELAY = "sun.net.httpserver.nodelay";
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/,\\s]+)/[^/,\\s]+/aws4_request");
  private static final Pattern QUERY_CREDENTIAL =
      Pattern.compile(
          "(?:^|&)X-Amz-Credential=[^%&/]+(?:%2F|/)\\d{8}(?:%2F|/)([^%&/]+)(?:%2F|/)",
          Pattern.CASE_INSENSITIVE);
  // Hop-by-hop headers, and those the JDK HttpClient sets itself and refuses to be given.
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "expect",
          "date");

  static {
    // The JDK server writes an answer's headers and body in two packets; with Nagle's algorithm
    // the body then waits for the client's delayed ACK, 40 ms a call. Read once, when the JVM's
    // first HttpServer starts; a value set on the command line wins.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }

  /** DynamoDB's content type, for answers the gateway makes itself. */
  static final String AMZ_JSON = "application/x-amz-json-1.0";

  /** The body DynamoDB answers (HTTP 400) when it throttles a request. */
  static final String THROTTLING_BODY =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
          + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}";

  /** The body an MRSC table answers (HTTP 400) when two regions write one item at once. */
  static final String CONFLICT_TYPE =
      "com.amazonaws.dynamodb.v20120810#ReplicatedWriteConflictException";

  /** The DynamoDB operations that write one item (X-Amz-Target). */
  private static final Set<String> ITEM_WRITES =
      Set.of(
          "DynamoDB_20120810.PutItem",
          "DynamoDB_20120810.UpdateItem",
          "DynamoDB_20120810.DeleteItem");

  /**
   * A strongly consistent (MRSC) table across {@code regions}, kept in {@code copyRegion}'s moto
   * table.
   */
  private record StrongTable(
      String copyRegion, Set<String> regions, List<String> keyAttributes, WriteConflicts writes) {}

  /**
   * What one path has done with the requests it received: requests, not SDK calls (an SDK retry is
   * a request, and the JDK's HttpURLConnection may resend a request once when a reused connection
   * closes without an answer).
   *
   * @param forwarded answered by moto
   * @param refused cut off: the connection closed without an answer
   * @param throttled answered with DynamoDB's ThrottlingException
   * @param rejected signed for another region than the path's
   */
  public record PathStats(
      String site, String awsRegion, long forwarded, long refused, long throttled, long rejected) {}

  private record Path(String site, String region) {
    @Override
    public String toString() {
      return site + "->" + region;
    }
  }

  private final URI moto;
  private final HttpClient http;
  private final ExecutorService executor;
  private final Map<Path, Listener> listeners = new LinkedHashMap<>();
  // Faults, guarded by faults (the random too, so a seed replays in request order).
  private final Object faults = new Object();
  private final Set<Path> partitions = new HashSet<>();
  private final Set<String> isolated = new HashSet<>();
  private final Map<String, Double> throttles = new HashMap<>();
  private final Map<String, Double> readThrottles = new HashMap<>();
  private final Random random;
  private final AtomicLong conflicts = new AtomicLong();
  private volatile StrongTable strong;
  private boolean closed;

  private AwsGateway(URI moto, long seed) {
    this.moto = Objects.requireNonNull(moto, "moto");
    this.random = new Random(seed);
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "aws-gateway-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /**
   * A gateway to {@code moto} (its endpoint); listeners open as paths are asked for.
   *
   * @param seed seeds which requests a {@link #throttle} picks
   */
  public static AwsGateway start(URI moto, long seed) {
    return new AwsGateway(moto, seed);
  }

  /** The site of Baton's own functions running in {@code awsRegion}: {@code aws:<region>}. */
  public static String awsSite(String awsRegion) {
    return "aws:" + awsRegion;
  }

  /**
   * The endpoint a client at {@code site} uses to reach {@code awsRegion}, e.g. {@code
   * http://127.0.0.1:40321}; the path's listener starts on the first call.
   */
  public synchronized URI endpoint(String site, String awsRegion) {
    if (closed) {
      throw new IllegalStateException("the AWS gateway is closed");
    }
    Path path = path(site, awsRegion);
    return listeners.computeIfAbsent(path, this::listen).uri();
  }

  /**
   * Makes the paths into {@code regions} one strongly consistent (MRSC) table (see the class
   * comment). Call before any client uses those paths.
   *
   * @param copyRegion where the one linearizable copy lives in moto (one of {@code regions})
   * @param keyAttributes the table's key attribute names, to tell which item a write is to
   * @param conflictWindow how long after another region's write to an item a write to it still
   *     conflicts
   */
  public void emulateStrongTable(
      String copyRegion,
      Collection<String> regions,
      List<String> keyAttributes,
      Duration conflictWindow) {
    requireName("copyRegion", copyRegion);
    if (!regions.contains(copyRegion)) {
      throw new IllegalArgumentException(
          "copyRegion " + copyRegion + " must be one of the table's regions " + regions);
    }
    if (keyAttributes.isEmpty()) {
      throw new IllegalArgumentException("keyAttributes must name the table's key attributes");
    }
    strong =
        new StrongTable(
            copyRegion,
            Set.copyOf(regions),
            List.copyOf(keyAttributes),
            new WriteConflicts(conflictWindow));
    LOG.info(
        "one strongly consistent table across {}, kept in {}; conflicting writes within {} ms",
        regions,
        copyRegion,
        conflictWindow.toMillis());
  }

  /** How many writes were refused as replicated write conflicts. */
  public long conflicts() {
    return conflicts.get();
  }

  /** Calls from {@code site} to {@code awsRegion} fail as over a lost network, until healed. */
  public void partition(String site, String awsRegion) {
    Path path = path(site, awsRegion);
    synchronized (faults) {
      partitions.add(path);
    }
    LOG.info("partitioned {}", path);
  }

  /** Ends a {@link #partition} of the path (an isolation of the region still holds). */
  public void heal(String site, String awsRegion) {
    Path path = path(site, awsRegion);
    boolean was;
    synchronized (faults) {
      was = partitions.remove(path);
    }
    LOG.info("{} {}", was ? "healed" : "nothing to heal on", path);
  }

  /**
   * Every path into {@code awsRegion} fails, except from {@link #awsSite(String) aws:<region>}
   * itself: Baton's functions inside the region still reach their local replica. A region of a
   * {@link #emulateStrongTable strongly consistent table} is cut from its own functions too:
   * without a second region it has no quorum to read or write.
   */
  public void isolate(String awsRegion) {
    requireName("awsRegion", awsRegion);
    synchronized (faults) {
      isolated.add(awsRegion);
    }
    LOG.info("isolated {} (but for {})", awsRegion, awsSite(awsRegion));
  }

  /** Ends an {@link #isolate} (partitions of single paths still hold). */
  public void restore(String awsRegion) {
    requireName("awsRegion", awsRegion);
    boolean was;
    synchronized (faults) {
      was = isolated.remove(awsRegion);
    }
    LOG.info("{} {}", was ? "restored" : "nothing to restore in", awsRegion);
  }

  /**
   * Answers {@code fraction} of the calls on every path into {@code awsRegion} (picked by the
   * seeded random) as DynamoDB does when it throttles: HTTP 400 ThrottlingException. 0 ends it.
   *
   * @throws IllegalArgumentException when {@code fraction} is not between 0 and 1
   */
  public void throttle(String awsRegion, double fraction) {
    throttle(awsRegion, fraction, false);
  }

  /**
   * As {@link #throttle(String, double)}; with {@code readsOnly}, only DynamoDB reads (GetItem,
   * BatchGetItem, Query, Scan, TransactGetItems) are throttled: DynamoDB limits reads and writes
   * separately, and an item every agent reads (the baton) can throttle reads alone. Stream reads
   * are never throttled.
   */
  public void throttle(String awsRegion, double fraction, boolean readsOnly) {
    requireName("awsRegion", awsRegion);
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "throttle fraction for " + awsRegion + " must be between 0 and 1, was " + fraction);
    }
    synchronized (faults) {
      throttles.remove(awsRegion);
      readThrottles.remove(awsRegion);
      if (fraction > 0) {
        (readsOnly ? readThrottles : throttles).put(awsRegion, fraction);
      }
    }
    LOG.info("throttling {} of the {} into {}", fraction, readsOnly ? "reads" : "calls", awsRegion);
  }

  /** The counters of the path; all zero when it was never asked for. */
  public synchronized PathStats stats(String site, String awsRegion) {
    Path path = path(site, awsRegion);
    Listener listener = listeners.get(path);
    return listener == null ? new PathStats(site, awsRegion, 0, 0, 0, 0) : listener.stats();
  }

  /** The counters of every path, in the order they were opened. */
  public synchronized List<PathStats> stats() {
    List<PathStats> all = new ArrayList<>();
    listeners.values().forEach(l -> all.add(l.stats()));
    return all;
  }

  /** Stops every listener. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (strong != null) {
      LOG.info("{} write(s) refused as replicated write conflicts", conflicts.get());
    }
    listeners.values().forEach(l -> l.server.stop(0));
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        LOG.warn("AWS gateway: request threads still running after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Listener listen(Path path) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      Listener listener = new Listener(path, server);
      server.createContext("/", listener::handle);
      server.setExecutor(executor);
      server.start();
      LOG.info("path {} listening on {}", path, listener.uri());
      return listener;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "AWS gateway: cannot listen on a loopback port for " + path, e);
    }
  }

  private enum Verdict {
    FORWARD,
    REFUSE,
    THROTTLE
  }

  /** The DynamoDB operations that read (X-Amz-Target {@code DynamoDB_20120810.<operation>}). */
  private static final Set<String> READS =
      Set.of(
          "DynamoDB_20120810.GetItem",
          "DynamoDB_20120810.BatchGetItem",
          "DynamoDB_20120810.Query",
          "DynamoDB_20120810.Scan",
          "DynamoDB_20120810.TransactGetItems");

  private Verdict verdict(Path path, String target) {
    synchronized (faults) {
      StrongTable table = strong;
      boolean quorumLost = table != null && table.regions().contains(path.region());
      if (partitions.contains(path)
          || (isolated.contains(path.region())
              && (quorumLost || !path.site().equals(awsSite(path.region()))))) {
        return Verdict.REFUSE;
      }
      Double fraction = throttles.get(path.region());
      if (fraction == null && target != null && READS.contains(target)) {
        fraction = readThrottles.get(path.region());
      }
      if (fraction != null && random.nextDouble() < fraction) {
        return Verdict.THROTTLE;
      }
      return Verdict.FORWARD;
    }
  }

  /** The region of the request's SigV4 credential scope, or null when it is not signed. */
  static String signedRegion(String authorization, String rawQuery) {
    if (authorization != null) {
      Matcher m = CREDENTIAL.matcher(authorization);
      if (m.find()) {
        return m.group(1);
      }
    }
    if (rawQuery != null) {
      Matcher m = QUERY_CREDENTIAL.matcher(rawQuery);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  /** The Authorization header with its credential scope's region replaced by {@code region}. */
  static String inRegion(String authorization, String region) {
    Matcher m = CREDENTIAL.matcher(authorization);
    if (!m.find()) {
      return authorization;
    }
    return authorization.substring(0, m.start(1)) + region + authorization.substring(m.end(1));
  }

  /**
   * The item a single-item write is to ({@code TableName} and the key attributes of its {@code Key}
   * or {@code Item}), or null when the body does not say.
   */
  static String itemOf(StrongTable table, byte[] body) throws IOException {
    JsonNode request = JSON.readTree(body);
    JsonNode attributes = request.has("Key") ? request.path("Key") : request.path("Item");
    if (!attributes.isObject()) {
      return null;
    }
    StringBuilder item = new StringBuilder(request.path("TableName").asText());
    for (String name : table.keyAttributes()) {
      item.append('|').append(attributes.path(name));
    }
    return item.toString();
  }

  private static Path path(String site, String awsRegion) {
    return new Path(requireName("site", site), requireName("awsRegion", awsRegion));
  }

  private static String requireName(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, was '" + value + "'");
    }
    return value;
  }

  /** One path's listener and counters. */
  private final class Listener {
    final Path path;
    final HttpServer server;
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();

    Listener(Path path, HttpServer server) {
      this.path = path;
      this.server = server;
    }

    URI uri() {
      InetSocketAddress address = server.getAddress();
      return URI.create(
          "http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    PathStats stats() {
      return new PathStats(
          path.site(),
          path.region(),
          forwarded.get(),
          refused.get(),
          throttled.get(),
          rejected.get());
    }

    void handle(HttpExchange exchange) {
      try {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String signed =
            signedRegion(
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestURI().getRawQuery());
        switch (verdict(path, exchange.getRequestHeaders().getFirst("X-Amz-Target"))) {
          case REFUSE -> {
            refused.incrementAndGet();
            LOG.debug("{} is cut: closing {} without an answer", path, exchange.getRequestURI());
            // Closing before any response header is sent makes the JDK server drop the connection.
            return;
          }
          case THROTTLE -> {
            if (path.region().equals(signed)) {
              throttled.incrementAndGet();
              LOG.debug("{} throttled a call", path);
              answer(exchange, 400, THROTTLING_BODY);
              return;
            }
          }
          case FORWARD -> {}
        }
        if (!path.region().equals(signed)) {
          rejected.incrementAndGet();
          String message =
              signed == null
                  ? "the AWS gateway path "
                      + path
                      + " got a request without a SigV4 credential scope; it expects one for "
                      + path.region()
                  : "the AWS gateway path "
                      + path
                      + " got a request signed for region "
                      + signed
                      + ", not "
                      + path.region()
                      + ": the client is wired to the wrong path";
          LOG.warn(message);
          answer(
              exchange,
              400,
              JSON.writeValueAsString(
                  Map.of(
                      "__type",
                      "com.amazon.coral.service#InvalidSignatureException",
                      "message",
                      message)));
          return;
        }
        StrongTable table = strong;
        if (table == null || !table.regions().contains(path.region())) {
          forward(exchange, body, null);
          return;
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String item = target != null && ITEM_WRITES.contains(target) ? itemOf(table, body) : null;
        if (item == null) {
          forward(exchange, body, table.copyRegion());
          return;
        }
        String other = table.writes().begin(item, path.region(), System.nanoTime());
        if (other != null) {
          conflicts.incrementAndGet();
          LOG.debug("{}: write to {} conflicts with one from {}", path, item, other);
          answer(
              exchange,
              400,
              JSON.writeValueAsString(
                  Map.of(
                      "__type",
                      CONFLICT_TYPE,
                      "message",
                      "Replicated write conflict: the item was written concurrently in " + other)));
          return;
        }
        try {
          forward(exchange, body, table.copyRegion());
        } finally {
          table.writes().end(item, path.region(), System.nanoTime());
        }
      } catch (IOException e) {
        LOG.warn("{}: request {} failed: {}", path, exchange.getRequestURI(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warn("{}: interrupted forwarding {}", path, exchange.getRequestURI());
      } finally {
        exchange.close();
      }
    }

    /**
     * @param asRegion the region moto should serve the request in (the credential scope is
     *     rewritten), or null for the signed one
     */
    private void forward(HttpExchange exchange, byte[] body, String asRegion)
        throws IOException, InterruptedException {
      URI uri = exchange.getRequestURI();
      String target =
          moto + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(target))
              .timeout(FORWARD_TIMEOUT)
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (asRegion != null && name.equalsIgnoreCase("Authorization")) {
                  // moto reads the region from the credential scope and checks no signature.
                  values.forEach(v -> request.header(name, inRegion(v, asRegion)));
                } else if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                  values.forEach(v -> request.header(name, v));
                }
              });
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        LOG.warn("{}: moto at {} did not answer: {}", path, moto, e.toString());
        answer(exchange, 502, "{\"message\":\"the AWS gateway could not reach moto\"}");
        return;
      }
      forwarded.incrementAndGet();
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!name.startsWith(":")
                    && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      send(exchange, response.statusCode(), response.body());
    }

    private void answer(HttpExchange exchange, int status, String json) throws IOException {
      exchange.getResponseHeaders().set("Content-Type", AMZ_JSON);
      send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
      boolean empty = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, empty ? -1 : body.length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
