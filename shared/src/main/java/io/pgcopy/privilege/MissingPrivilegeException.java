package io.pgcopy.privilege;

import java.sql.SQLException;
import java.util.List;

/** The user lacks privileges an operation needs; found before it changed anything. */
public final class MissingPrivilegeException extends SQLException {
    private static final long serialVersionUID = 1L;
    /** SQLSTATE insufficient_privilege, as the server would have failed. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final List<String> missing;

    MissingPrivilegeException(String user, List<String> missing) {
        super("user " + user + " lacks " + (missing.size() == 1 ? "a privilege" : missing.size() + " privileges")
                + " this needs (nothing was written): " + String.join("; ", missing), INSUFFICIENT_PRIVILEGE);
        this.missing = List.copyOf(missing);
    }

    /** One line per missing privilege: what needs it and the GRANT that gives it. */
    public List<String> missing() {
        return missing;
    }
}
