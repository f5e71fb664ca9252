package io.pgcopy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate it signed for {@code DNS:localhost}
 * only, made with the openssl command line at test time (PEM files, the server key unencrypted, as
 * PostgreSQL reads them). Fails loudly when openssl is missing.
 */
public final class TestCertificates {
    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes a CA and a server certificate for localhost into a new temporary directory. */
    public static TestCertificates create() throws IOException {
        Path dir = Files.createTempDirectory("pgcopy-tls-");
        TestCertificates certs = new TestCertificates(dir);
        certs.makeCa("ca", "pgcopy test CA");
        Files.writeString(dir.resolve("server.cnf"), String.join("\n",
                "[req]", "distinguished_name = dn", "prompt = no",
                "[dn]", "CN = localhost",
                "[server]", "basicConstraints = CA:FALSE", "keyUsage = critical, digitalSignature, keyEncipherment",
                "extendedKeyUsage = serverAuth", "subjectAltName = DNS:localhost", ""));
        certs.openssl("req", "-new", "-config", "server.cnf", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
                "-out", "server.csr");
        certs.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", "2",
                "-days", "2", "-extfile", "server.cnf", "-extensions", "server", "-out", "server.crt");
        // a second CA that signed nothing here: trusting it instead must fail
        certs.makeCa("other-ca", "pgcopy unrelated CA");
        return certs;
    }

    private void makeCa(String name, String commonName) throws IOException {
        Files.writeString(dir.resolve(name + ".cnf"), String.join("\n",
                "[req]", "distinguished_name = dn", "prompt = no", "x509_extensions = ca",
                "[dn]", "CN = " + commonName,
                "[ca]", "basicConstraints = critical, CA:TRUE", "keyUsage = critical, keyCertSign, cRLSign",
                "subjectKeyIdentifier = hash", ""));
        openssl("req", "-x509", "-config", name + ".cnf", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key",
                "-out", name + ".crt", "-days", "2");
    }

    /** The CA certificate (PEM) a client gives as {@code sslrootcert}. */
    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    /** A CA certificate that did not sign the server's. */
    public Path otherCaFile() {
        return dir.resolve("other-ca.crt");
    }

    public String serverCertificate() throws IOException {
        return Files.readString(dir.resolve("server.crt"));
    }

    public String serverKey() throws IOException {
        return Files.readString(dir.resolve("server.key"));
    }

    /** What openssl says the server certificate names (for failure messages). */
    public String describeServerCertificate() throws IOException {
        return openssl("x509", "-in", "server.crt", "-noout", "-subject", "-ext", "subjectAltName");
    }

    public void delete() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    private String openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("pgcopy-openssl-", ".out");
        try {
            Process p;
            try {
                p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
            } catch (IOException e) {
                throw new IOException("the TLS tests make their certificates with the openssl command, which could"
                        + " not be run (install openssl): " + e.getMessage(), e);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl timed out: " + cmd);
            }
            String output = Files.readString(out);
            if (p.exitValue() != 0) throw new IOException("openssl failed (" + cmd + "):\n" + output);
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + cmd, e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
