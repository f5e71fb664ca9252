package io.pgcopy.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A {@link PrivateServer} that speaks TLS with a {@link TestCertificates} server certificate
 * (SAN DNS:localhost only) and whose pg_hba.conf accepts TCP connections only over TLS
 * ({@code hostnossl} rejected), so a test that gets in proves its session was encrypted.
 */
public final class TlsServer implements AutoCloseable {
    private static final String HBA = String.join("\n",
            "# pgcopy TLS tests: unix socket for the harness, TCP only with TLS",
            "local     all all              trust",
            "hostnossl all all 0.0.0.0/0    reject",
            "hostnossl all all ::/0         reject",
            "hostssl   all all 127.0.0.1/32 trust",
            "hostssl   all all ::1/128      trust",
            "");

    private final PrivateServer server;
    private final TestCertificates certificates;

    private TlsServer(PrivateServer server, TestCertificates certificates) {
        this.server = server;
        this.certificates = certificates;
    }

    public static TlsServer start() throws IOException, SQLException {
        TestCertificates certs = TestCertificates.create();
        PrivateServer server = PrivateServer.start();
        try {
            server.cluster().writeFile("server.crt", certs.serverCertificate());
            server.cluster().writeFile("server.key", certs.serverKey());
            server.cluster().writeFile("pg_hba.conf", HBA);
            server.execute("ALTER SYSTEM SET ssl = on");
            server.cluster().restart();
            return new TlsServer(server, certs);
        } catch (IOException | SQLException | RuntimeException e) {
            server.close();
            certs.delete();
            throw e;
        }
    }

    /** The server, reached at 127.0.0.1 (a name the certificate does not carry) unless a host is given. */
    public PrivateServer server() {
        return server;
    }

    /** {@code jdbc:postgresql://localhost:<port>/postgres}: the name in the certificate. */
    public String localhostUrl() {
        return server.url("localhost");
    }

    public Path caFile() {
        return certificates.caFile();
    }

    public Path otherCaFile() {
        return certificates.otherCaFile();
    }

    public TestCertificates certificates() {
        return certificates;
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            certificates.delete();
        }
    }
}
