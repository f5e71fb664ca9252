package io.pgcopy.protocol;

import java.sql.SQLException;

/**
 * Says what to change when a connection fails for a TLS reason, which pgjdbc and the server report
 * in their own terms (a hostname verifier, a PKIX path, a pg_hba.conf line).
 */
final class ConnectFailures {
    /** SQLSTATE invalid_authorization_specification: also what pg_hba.conf's reject gives. */
    private static final String REJECTED = "28000";

    private ConnectFailures() {}

    /** {@code e} with advice, or {@code e} itself when there is none to give. */
    static SQLException explain(SQLException e, String redactedUrl) {
        String m = String.valueOf(e.getMessage());
        String advice = null;
        if (m.contains("could not be verified by hostnameverifier")) {
            advice = "TLS: the server's certificate does not carry the host name of " + redactedUrl
                    + "; sslmode=verify-full accepts only a name in the certificate (its subjectAltName): connect by"
                    + " that name, or use sslmode=verify-ca, which checks the certificate but not the name";
        } else if (m.contains("PKIX path")) {
            advice = "TLS: the server's certificate is not signed by a CA in sslrootcert (default"
                    + " ~/.postgresql/root.crt): give the CA certificate that signed it, on every executor or task"
                    + " manager";
        } else if (REJECTED.equals(e.getSQLState()) && m.contains("no encryption")) {
            advice = "the server accepts connections from here only over TLS (hostssl in pg_hba.conf): set"
                    + " sslmode=require, or verify-full with sslrootcert";
        }
        if (advice == null) return e;
        return new SQLException(advice + " (" + m + ")", e.getSQLState(), e);
    }
}
