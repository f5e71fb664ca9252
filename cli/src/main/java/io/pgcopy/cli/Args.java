package io.pgcopy.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's arguments: options that take a value ({@code --table T} or {@code --table=T}, may
 * repeat), flags, and positional arguments. Anything else is an {@link IllegalArgumentException},
 * which the command line turns into exit code 2.
 */
final class Args {
    private final String command;
    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> flags = new ArrayList<>();
    private final List<String> positional = new ArrayList<>();

    private Args(String command) {
        this.command = command;
    }

    static Args parse(String command, String[] args, Set<String> valued, Set<String> flagNames) {
        Args parsed = new Args(command);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            if (a.startsWith("--") && a.contains("=")) {
                inline = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            }
            if (valued.contains(a)) {
                String v = inline != null ? inline : ++i < args.length ? args[i] : null;
                if (v == null) throw new IllegalArgumentException(a + " needs a value");
                parsed.values.computeIfAbsent(a, k -> new ArrayList<>()).add(v);
            } else if (flagNames.contains(a) && inline == null) {
                parsed.flags.add(a);
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new IllegalArgumentException("unknown option '" + a + "' (see pgcopy " + command + " --help)");
            } else {
                parsed.positional.add(a);
            }
        }
        return parsed;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** The option's last value. */
    Optional<String> value(String name) {
        List<String> v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    String value(String name, String defaultValue) {
        return value(name).orElse(defaultValue);
    }

    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    String required(String name) {
        return value(name).orElseThrow(() -> new IllegalArgumentException(name + " is required (see pgcopy "
                + command + " --help)"));
    }

    /** The option's value, which must be one of {@code choices}. */
    String choice(String name, String defaultValue, String... choices) {
        String v = value(name, defaultValue);
        if (!List.of(choices).contains(v)) {
            throw new IllegalArgumentException(name + " must be one of " + String.join(", ", choices) + ", not '" + v + "'");
        }
        return v;
    }

    int positiveInt(String name, int defaultValue) {
        String v = value(name, String.valueOf(defaultValue));
        try {
            int n = Integer.parseInt(v);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive number, not '" + v + "'");
        }
    }

    List<String> positional() {
        return positional;
    }

    /** The common options every command that talks to PostgreSQL takes. */
    static final Set<String> CONNECTION = Set.of("--url", "--user", "--password", "--master");
}
