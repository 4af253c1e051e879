package dev.isopool.e2e.kubelet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.BitSet;

/** Pod IPs: `NETWORK.1` to `NETWORK.254` on the loopback interface (127.0.1.0/24 by default), one per pod. */
public final class LoopbackAddresses {

    private final String network;
    private final BitSet used = new BitSet(256);

    public LoopbackAddresses(String network) {
        this.network = network;
    }

    /** The lowest free address; fails when all 254 are taken. */
    public synchronized String allocate() {
        int n = used.nextClearBit(1);
        if (n > 254) {
            throw new IllegalStateException("no free pod address in " + network + ".0/24");
        }
        used.set(n);
        return network + "." + n;
    }

    public synchronized void release(String ip) {
        used.clear(Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1)));
    }

    /** Null when ip:port can be bound, else why not (another listener, often on 0.0.0.0 or the same port). */
    public static String bindProblem(String ip, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(ip, port));
            return null;
        } catch (IOException e) {
            return ip + ":" + port + " cannot be bound (" + e.getMessage()
                    + "); is something else listening on port " + port + " of 0.0.0.0 or " + ip + "?";
        }
    }
}
