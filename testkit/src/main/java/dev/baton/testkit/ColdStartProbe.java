package dev.baton.testkit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures a function's cold start in this (fresh) JVM as Lambda experiences it: load and construct
 * the handler (init, as Lambda's init phase), deserialize the event with Lambda's own serializer,
 * then the first invocation, and a second one for comparison. Prints one JSON line.
 *
 * <p>Usage: {@code ColdStartProbe <handler class> dynamodb|scheduled <event.json>}, with the
 * function's environment set and the function's classes and jars first on the classpath (see {@code
 * scripts/measure-cold-start}).
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    long mainAt = System.nanoTime();
    if (args.length != 3) {
      System.err.println("usage: ColdStartProbe <handler class> dynamodb|scheduled <event.json>");
      System.exit(2);
    }
    Class<?> eventType =
        switch (args[1]) {
          case "dynamodb" -> DynamodbEvent.class;
          case "scheduled" -> ScheduledEvent.class;
          default ->
              throw new IllegalArgumentException(
                  "event type must be dynamodb or scheduled, was '" + args[1] + "'");
        };
    Path eventFile = Path.of(args[2]);

    long initStart = System.nanoTime();
    Object handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
    long initEnd = System.nanoTime();

    Object event;
    try (InputStream in = Files.newInputStream(eventFile)) {
      event =
          LambdaEventSerializers.serializerFor(eventType, ColdStartProbe.class.getClassLoader())
              .fromJson(in);
    }
    long deserialized = System.nanoTime();

    Method handle = handler.getClass().getMethod("handleRequest", eventType, Context.class);
    Object first = handle.invoke(handler, event, null);
    long firstEnd = System.nanoTime();
    long cpuAfterFirst = processCpuNanos();
    handle.invoke(handler, event, null);
    long secondEnd = System.nanoTime();

    long jvmUptimeAtMain =
        ManagementFactory.getRuntimeMXBean().getUptime() - ms(System.nanoTime() - mainAt);
    System.out.printf(
        Locale.ROOT,
        "{\"probe\":\"cold-start\",\"handler\":\"%s\",\"jvmStartToMainMs\":%d,\"initMs\":%d,"
            + "\"deserializeMs\":%d,\"firstInvokeMs\":%d,\"initPlusFirstInvokeMs\":%d,"
            + "\"secondInvokeMs\":%d,\"processCpuMsToFirstResult\":%d,\"firstResult\":\"%s\"}%n",
        args[0],
        jvmUptimeAtMain,
        ms(initEnd - initStart),
        ms(deserialized - initEnd),
        ms(firstEnd - deserialized),
        ms(initEnd - initStart) + ms(firstEnd - deserialized),
        ms(secondEnd - firstEnd),
        ms(cpuAfterFirst),
        String.valueOf(first).replace("\"", "'").replace("\n", " "));
  }

  /**
   * CPU time of the whole process (every thread, JIT and GC included) since the JVM started: a
   * figure that depends far less on how busy the machine is than the wall-clock times.
   */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
