package dev.baton.agent.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a fixed loopback port that a test can cut (the port closes: connection
 * refused, open connections reset) and restore, to make the store unreachable and back.
 */
public final class CuttableProxy implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CuttableProxy.class.getName());
  private final int port;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;

  public CuttableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.port = Ports.free();
    restore();
  }

  public int port() {
    return port;
  }

  /** Closes the port and every connection through it. */
  public synchronized void cut() throws IOException {
    listener.close();
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }

  /** Listens again on the same port. */
  public synchronized void restore() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listener = s;
    Thread accept = new Thread(() -> acceptLoop(s), "proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(target);
        pump(client, target);
        pump(target, client);
      } catch (IOException e) {
        return; // the listener was closed by cut(): the point of this class
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              // Closing both ends when either side ends (or is cut) lets the client see it.
              try (from;
                  to) {
                from.getInputStream().transferTo(to.getOutputStream());
              } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "proxy connection ended: " + e);
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
