package io.pgcopy.it.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which process holds the client end of a TCP connection, found as Linux shows it: {@code /proc/net/tcp{,6}} map the
 * local port to the socket's inode, {@code /proc/<pid>/fd} link to {@code socket:[inode]}.
 */
final class LocalSockets {
    private LocalSockets() {}

    /** Among the given processes, the one with a TCP socket bound to this local port. */
    static Optional<ProcessHandle> ownerOf(int localPort, List<ProcessHandle> candidates) throws IOException {
        Set<String> sockets = socketsOnLocalPort(localPort);
        for (ProcessHandle p : candidates) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
                if (fds.anyMatch(fd -> sockets.contains(link(fd)))) return Optional.of(p);
            } catch (IOException gone) {
                // the process exited meanwhile
            }
        }
        return Optional.empty();
    }

    private static Set<String> socketsOnLocalPort(int port) throws IOException {
        Set<String> sockets = new HashSet<>();
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) continue;
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+"); // sl local_address rem_address st ... uid timeout inode
                if (f[1].endsWith(hexPort)) sockets.add("socket:[" + f[9] + "]");
            }
        }
        return sockets;
    }

    private static String link(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
