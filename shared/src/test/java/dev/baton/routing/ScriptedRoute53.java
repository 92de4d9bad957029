package dev.baton.routing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted Route 53 endpoint for the cases moto cannot show (it is INSYNC at once and never
 * throttles): each operation answers from its own queue of responses, the last one repeating.
 */
final class ScriptedRoute53 implements AutoCloseable {
  static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

  enum Operation {
    LIST_RECORDS,
    CHANGE_RECORDS,
    GET_CHANGE,
    GET_HOSTED_ZONE
  }

  record Answer(int status, String xml) {}

  record Received(Operation operation, String method, String path, String body) {}

  private final HttpServer server;
  private final Map<Operation, Deque<Answer>> script = new LinkedHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  ScriptedRoute53() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Queues answers for {@code operation}; the last one repeats. */
  ScriptedRoute53 on(Operation operation, Answer... answers) {
    synchronized (script) {
      script.computeIfAbsent(operation, o -> new ArrayDeque<>()).addAll(List.of(answers));
    }
    return this;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  long count(Operation operation) {
    return received.stream().filter(r -> r.operation() == operation).count();
  }

  static Answer record(String name, String type, String value) {
    return new Answer(
        200,
        "<ListResourceRecordSetsResponse xmlns=\""
            + NS
            + "\"><ResourceRecordSets><ResourceRecordSet><Name>"
            + name
            + ".</Name><Type>"
            + type
            + "</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>"
            + value
            + "</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></ResourceRecordSets>"
            + "<IsTruncated>false</IsTruncated><MaxItems>1</MaxItems></ListResourceRecordSetsResponse>");
  }

  static Answer noRecords() {
    return new Answer(
        200,
        "<ListResourceRecordSetsResponse xmlns=\""
            + NS
            + "\"><ResourceRecordSets></ResourceRecordSets><IsTruncated>false</IsTruncated>"
            + "<MaxItems>1</MaxItems></ListResourceRecordSetsResponse>");
  }

  static Answer change(String id, String status, String root) {
    return new Answer(
        200,
        "<"
            + root
            + " xmlns=\""
            + NS
            + "\"><ChangeInfo><Id>/change/"
            + id
            + "</Id><Status>"
            + status
            + "</Status><SubmittedAt>2026-11-26T12:00:00.000Z</SubmittedAt></ChangeInfo></"
            + root
            + ">");
  }

  static Answer submitted(String id, String status) {
    return change(id, status, "ChangeResourceRecordSetsResponse");
  }

  static Answer changeStatus(String id, String status) {
    return change(id, status, "GetChangeResponse");
  }

  static Answer hostedZone(String id, String name) {
    return new Answer(
        200,
        "<GetHostedZoneResponse xmlns=\""
            + NS
            + "\"><HostedZone><Id>/hostedzone/"
            + id
            + "</Id><Name>"
            + name
            + ".</Name><CallerReference>baton</CallerReference><ResourceRecordSetCount>3"
            + "</ResourceRecordSetCount></HostedZone><DelegationSet><NameServers><NameServer>"
            + "ns-1.awsdns-01.org</NameServer></NameServers></DelegationSet></GetHostedZoneResponse>");
  }

  static Answer error(int status, String code, String message) {
    return new Answer(
        status,
        "<?xml version=\"1.0\"?><ErrorResponse xmlns=\""
            + NS
            + "\"><Error><Type>Sender</Type><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error><RequestId>req-"
            + code
            + "</RequestId></ErrorResponse>");
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Operation operation;
    if (path.matches("/2013-04-01/hostedzone/[^/]+/rrset/?") && method.equals("GET")) {
      operation = Operation.LIST_RECORDS;
    } else if (path.matches("/2013-04-01/hostedzone/[^/]+/rrset/?") && method.equals("POST")) {
      operation = Operation.CHANGE_RECORDS;
    } else if (path.matches("/2013-04-01/change/.+")) {
      operation = Operation.GET_CHANGE;
    } else if (path.matches("/2013-04-01/hostedzone/[^/]+")) {
      operation = Operation.GET_HOSTED_ZONE;
    } else {
      respond(exchange, error(404, "UnknownOperation", method + " " + path));
      return;
    }
    received.add(new Received(operation, method, path, body));
    Answer answer;
    synchronized (script) {
      Deque<Answer> queue = script.get(operation);
      if (queue == null || queue.isEmpty()) {
        answer = error(500, "NotScripted", "no answer scripted for " + operation);
      } else {
        answer = queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
      }
    }
    respond(exchange, answer);
  }

  private static void respond(HttpExchange exchange, Answer answer) throws IOException {
    byte[] bytes = answer.xml().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.getResponseHeaders().set("x-amzn-RequestId", "stub-request");
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
